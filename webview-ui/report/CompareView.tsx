import type { JobComparison, UnitComparison } from '../../src/shared/reportProtocol';
import { Dropdown } from '../common/toolkit';
import { OverlayChart } from './Charts';
import { Figure } from './Figure';
import { count, figure } from '../../src/shared/reportFormat';
import { dispatch } from './reportStore';

export function CompareView(props: { comparison: JobComparison }) {
  const c = props.comparison;
  const u = c.units;
  return (
    <div className="report-body" data-testid="compare">
      <p className="muted">
        Job <b>A #{c.a.id}</b> ({c.a.pipelineName}) vs job <b>B #{c.b.id}</b> ({c.b.pipelineName}) over {c.seedsPath ?? 'the same seeds'}
      </p>
      <div className="figures" data-testid="compare-units">
        <Figure label="units in both" value={u.both} />
        <Figure label="better in B" value={u.better} tone="ok" />
        <Figure label="worse in B" value={u.worse} tone="bad" />
        <Figure label="outputs changed" value={u.changed} />
        <Figure label="only in A / B" value={`${count(u.onlyA)} / ${count(u.onlyB)}`} />
      </div>
      <div className="metric-row">
        <span>Metric (higher is better):</span>
        {c.metrics.length > 0 ? (
          <Dropdown value={c.metric ?? ''} options={c.metrics.map((m) => ({ value: m }))} onChange={(metric) => dispatch({ type: 'setMetric', metric })} ariaLabel="Metric" data-testid="compare-metric" />
        ) : (
          <span className="muted">no numeric field in common</span>
        )}
      </div>
      {c.overlays.length > 0 && (
        <section>
          <h3>
            Distributions <span className="legend a">A #{c.a.id}</span> <span className="legend b">B #{c.b.id}</span>
          </h3>
          <div className="cards">
            {c.overlays.map((o) => (
              <section className="card" key={`${o.kind}-${o.field}`} data-testid={`overlay-${o.kind}-${o.field}`}>
                <h4>
                  {o.field} <span className="muted small">{o.kind === 'tokens' ? 'length in tokens' : 'score'}</span>
                </h4>
                <OverlayChart a={o.a} b={o.b} label={`${o.field}: job ${c.a.id} and job ${c.b.id}`} />
              </section>
            ))}
          </div>
        </section>
      )}
      <UnitList title="Better in B" units={c.better} testId="compare-better" />
      <UnitList title="Worse in B" units={c.worse} testId="compare-worse" />
      <UnitList title="Changed outputs" units={c.changed} testId="compare-changed" />
    </div>
  );
}

function UnitList(props: { title: string; units: UnitComparison[]; testId: string }) {
  if (props.units.length === 0) return null;
  return (
    <section data-testid={props.testId}>
      <h3>{props.title}</h3>
      {props.units.map((unit) => (
        <details className="unit" key={unit.unitKey}>
          <summary>
            <span className="unit-key">{unit.unitKey}</span>
            {unit.delta !== undefined && (
              <span className={unit.delta > 0 ? 'ok' : unit.delta < 0 ? 'bad' : 'muted'}>
                {' '}
                {figure(unit.a?.metric ?? 0)} → {figure(unit.b?.metric ?? 0)} ({unit.delta > 0 ? '+' : ''}
                {figure(unit.delta)})
              </span>
            )}
            <span className="muted"> · {unit.diffs.map((d) => d.field).join(', ') || 'same outputs'}</span>
          </summary>
          {unit.diffs.map((d) => (
            <div className="diff" key={d.field} data-testid={`diff-${unit.unitKey}-${d.field}`}>
              <div className="diff-field">{d.field}</div>
              <pre className="diff-text">
                {d.parts.map((p, i) => (
                  <span key={i} className={p.kind}>
                    {p.text}
                  </span>
                ))}
              </pre>
            </div>
          ))}
        </details>
      ))}
    </section>
  );
}
