import { count, figure, percent, usd } from '../../shared/reportFormat';
import type { DatasetReport, Distribution, JobComparison } from './reportTypes';

/** The report as the CLI prints it: one screen of plain text, most telling figures first. */
export function reportText(r: DatasetReport): string {
  const lines: string[] = [];
  const s = r.statuses;
  lines.push(`Dataset report — job ${r.job.id} (${r.job.pipelineName}, ${r.job.status}), ${count(r.records)} records`);
  lines.push(`  status: ${count(s.pending)} pending · ${count(s.accepted)} accepted · ${count(s.rejected)} rejected · ${count(s.failed)} failed`);
  if (r.failures.length > 0) {
    lines.push('', 'Failure reasons:');
    for (const f of r.failures.slice(0, 10)) lines.push(`  ${count(f.count).padStart(7)}  ${f.reason}  (e.g. record ${f.examples.join(', ')})`);
  }
  if (r.textFields.length > 0) {
    lines.push('', 'Text fields (tokens, cl100k_base):');
    for (const f of r.textFields) {
      const languages = f.languages.slice(0, 3).map((l) => `${l.language} ${percent(l.count, f.languages.reduce((sum, x) => sum + x.count, 0))}`).join(', ');
      lines.push(`  ${f.field}: ${distribution(f.tokens)}${f.tokens.sampled < f.count - f.empty ? ` (sample of ${count(f.tokens.sampled)})` : ''}; empty ${count(f.empty)}, refused ${count(f.refused)}${languages ? `; ${languages}` : ''}`);
    }
  }
  if (r.scoreFields.length > 0) {
    lines.push('', 'Scores:');
    for (const f of r.scoreFields) lines.push(`  ${f.field}: ${distribution(f.values)}, mean ${figure(f.values.mean)}`);
  }
  const d = r.duplicates;
  lines.push('', `Duplicates: ${count(d.exact)} exact, ${count(d.near)} near (MinHash, similarity ≥ ${d.method.threshold}); against the seeds: ${count(d.exactSeed)} exact, ${count(d.nearSeed)} near`);
  lines.push(`Refused answers: ${count(r.refusals.count)}; empty answers: ${count(r.refusals.empty)}`);
  for (const f of r.schemaFields) {
    lines.push(`Schema of ${f.field}: ${percent(f.conforming, f.count)} conform to ${f.against === 'json-schema' ? "the pipeline's JSON Schema" : `the majority shape ${f.shape ?? ''}`}`);
  }
  const u = r.usage;
  lines.push(`Tokens: ${count(u.inputTokens)} in / ${count(u.outputTokens)} out (${count(u.cachedTokens)} cached)${u.cost !== undefined ? `; cost ${usd(u.cost)} at the ${u.prices?.source === 'plan' ? "plan's" : "configured model's"} prices` : '; no price known'}`);
  return `${lines.join('\n')}\n`;
}

export function compareText(c: JobComparison): string {
  const lines: string[] = [];
  lines.push(`Job ${c.a.id} (${c.a.pipelineName}) vs job ${c.b.id} (${c.b.pipelineName}) over ${c.seedsPath ?? 'the same seeds'}`);
  const u = c.units;
  lines.push(`  units: ${count(u.both)} in both, ${count(u.onlyA)} only in ${c.a.id}, ${count(u.onlyB)} only in ${c.b.id}; outputs changed in ${count(u.changed)}`);
  if (c.metric) {
    lines.push(`  on ${c.metric} (higher is better): ${count(u.better)} better, ${count(u.worse)} worse, ${count(u.same)} the same`);
    for (const x of c.better.slice(0, 5)) lines.push(`    better ${x.unitKey}: ${figure(x.a?.metric ?? 0)} → ${figure(x.b?.metric ?? 0)}`);
    for (const x of c.worse.slice(0, 5)) lines.push(`    worse  ${x.unitKey}: ${figure(x.a?.metric ?? 0)} → ${figure(x.b?.metric ?? 0)}`);
  } else lines.push('  no numeric field in common to rank units on');
  for (const side of [c.a, c.b]) {
    for (const s of side.scores) lines.push(`  job ${side.id} ${s.field}: ${distribution(s.values)}, mean ${figure(s.values.mean)}`);
    for (const l of side.lengths) lines.push(`  job ${side.id} ${l.field} tokens: ${distribution(l.tokens)}`);
  }
  return `${lines.join('\n')}\n`;
}

function distribution(d: Distribution): string {
  return d.count === 0 ? 'no values' : `p50 ${figure(d.p50)}, p90 ${figure(d.p90)}, max ${figure(d.max)}`;
}
