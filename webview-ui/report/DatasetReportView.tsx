import type { DatasetReport } from '../../src/shared/reportProtocol';
import { HistogramChart, ShareBars } from './Charts';
import { Figure } from './Figure';
import { count, figure, percent, usd } from '../../src/shared/reportFormat';

export function DatasetReportView(props: { report: DatasetReport }) {
  const r = props.report;
  const s = r.statuses;
  const d = r.duplicates;
  const u = r.usage;
  return (
    <div className="report-body" data-testid="dataset-report">
      <p className="muted">
        {r.job.pipelinePath} over {r.job.seedsPath ?? 'no seed file'} · {r.job.status} · {count(r.records)} records · scanned in {figure(r.elapsedMs / 1000)} s
      </p>
      <div className="cards">
        <Card title="Records" testId="card-statuses">
          <ShareBars
            total={s.total}
            rows={[
              { label: 'pending', value: s.pending },
              { label: 'accepted', value: s.accepted, className: 'ok' },
              { label: 'rejected', value: s.rejected, className: 'warn' },
              { label: 'failed', value: s.failed, className: 'bad' },
            ]}
          />
        </Card>
        <Card title="Duplicates" testId="card-duplicates">
          <div className="figures">
            <Figure label="exact" value={d.exact} of={r.records} />
            <Figure label="near" value={d.near} of={r.records} />
            <Figure label="copies of a seed" value={d.exactSeed + d.nearSeed} of={r.records} />
          </div>
          <p className="muted small">
            MinHash over {d.method.shingleWords}-word shingles, {d.method.bands}×{d.method.rows} LSH bands, similarity ≥ {d.method.threshold}
          </p>
          {[...d.exactExamples.slice(0, 3), ...d.nearExamples.slice(0, 3)].map((p) => (
            <div className="small" key={`${p.recordId}-${p.of}`}>
              #{p.recordId} ≈ #{p.of} <span className="muted">({p.similarity.toFixed(2)})</span>
            </div>
          ))}
        </Card>
        <Card title="Refused and empty answers" testId="card-refusals">
          <div className="figures">
            <Figure label="refused" value={r.refusals.count} of={r.records} />
            <Figure label="empty" value={r.refusals.empty} of={r.records} />
          </div>
          {r.refusals.examples.slice(0, 3).map((e) => (
            <div className="small" key={e.recordId}>
              #{e.recordId} {e.field}: <span className="muted">“{e.pattern}”</span>
            </div>
          ))}
        </Card>
        <Card title="Tokens and cost" testId="card-usage">
          <div className="figures">
            <Figure label="input" value={u.inputTokens} />
            <Figure label="output" value={u.outputTokens} />
            <Figure label="cached" value={u.cachedTokens} />
          </div>
          <p className="small">{u.cost !== undefined ? `${usd(u.cost)} at the ${u.prices?.source === 'plan' ? "plan's" : "configured model's"} prices` : 'No price known (pricePer1kInput/Output in datagenflow.models).'}</p>
        </Card>
      </div>
      {r.failures.length > 0 && (
        <section>
          <h3>Failure reasons</h3>
          <table className="report-table" data-testid="failures">
            <tbody>
              {r.failures.slice(0, 20).map((f) => (
                <tr key={f.reason}>
                  <td className="num">{count(f.count)}</td>
                  <td>{f.reason}</td>
                  <td className="muted">{f.examples.map((id) => `#${id}`).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {r.textFields.length > 0 && (
        <section>
          <h3>Text lengths (tokens)</h3>
          <div className="cards">
            {r.textFields.map((f) => (
              <Card key={f.field} title={f.field} testId={`text-${f.field}`}>
                <p className="small">
                  p50 {figure(f.tokens.p50)} · p90 {figure(f.tokens.p90)} · max {figure(f.tokens.max)}
                  {f.tokens.sampled < f.count - f.empty ? <span className="muted"> · sample of {count(f.tokens.sampled)}</span> : null}
                </p>
                <HistogramChart histogram={f.tokens.histogram} label={`Token lengths of ${f.field}`} />
                <p className="small muted">
                  {f.languages
                    .slice(0, 4)
                    .map((l) => `${l.language} ${count(l.count)}`)
                    .join(' · ')}
                  {f.empty ? ` · ${count(f.empty)} empty` : ''}
                  {f.refused ? ` · ${count(f.refused)} refused` : ''}
                </p>
              </Card>
            ))}
          </div>
        </section>
      )}
      {r.scoreFields.length > 0 && (
        <section>
          <h3>Scores</h3>
          <div className="cards">
            {r.scoreFields.map((f) => (
              <Card key={f.field} title={f.field} testId={`score-${f.field}`}>
                <p className="small">
                  mean {figure(f.values.mean)} · p50 {figure(f.values.p50)} · p90 {figure(f.values.p90)} · {count(f.values.count)} values
                </p>
                <HistogramChart histogram={f.values.histogram} label={`Histogram of ${f.field}`} />
              </Card>
            ))}
          </div>
        </section>
      )}
      {r.schemaFields.length > 0 && (
        <section>
          <h3>JSON fields</h3>
          <table className="report-table" data-testid="schema">
            <tbody>
              {r.schemaFields.map((f) => (
                <tr key={f.field}>
                  <td>{f.field}</td>
                  <td className="num">{percent(f.conforming, f.count)}</td>
                  <td className="muted">{f.against === 'json-schema' ? "conform to the pipeline's JSON Schema" : `have the majority shape ${f.shape ?? ''}`}</td>
                  <td className="muted">{f.examples.map((e) => `#${e.recordId}: ${e.problem}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

function Card(props: { title: string; testId?: string; children: React.ReactNode }) {
  return (
    <section className="card" data-testid={props.testId}>
      <h4>{props.title}</h4>
      {props.children}
    </section>
  );
}
