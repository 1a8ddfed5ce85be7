import { formatCost, formatCount, formatDuration } from './planEstimate';
import type { BlockPlan, OutputSource, RunPlan } from './planTypes';

const SOURCE_WORDS: Record<OutputSource, string> = {
  'earlier-jobs': 'earlier jobs',
  tries: 'tries',
  'earlier-jobs-and-tries': 'jobs and tries',
  'max-tokens': 'max_tokens',
  unknown: 'unknown',
  none: '',
};

function outputCell(tokens: number | undefined, source: OutputSource): string {
  if (source === 'none') return '—';
  if (tokens === undefined) return '? (unknown)';
  return `${formatCount(tokens)} (${SOURCE_WORDS[source]})`;
}

function costCell(cost: number | undefined, calls: number): string {
  if (calls === 0) return '—';
  return cost === undefined ? '?' : formatCost(cost);
}

/** The plan's time: `1:05 at concurrency 8 (earlier jobs)` or `unknown (no earlier job)`. */
export function planTimeText(plan: RunPlan): string {
  return plan.time.ms === undefined ? `unknown (no earlier job) at concurrency ${plan.time.concurrency}` : `${formatDuration(plan.time.ms)} at concurrency ${plan.time.concurrency} (from earlier jobs)`;
}

/** The plan's cost: `$0.12`, `≤ $0.40` (an upper bound), `≥ $0.10` (some blocks not counted), or `unknown`. */
export function planCostText(plan: RunPlan): string {
  const t = plan.totals;
  if (t.cost === undefined) return 'unknown (no model prices)';
  const prefix = !t.costComplete ? '≥ ' : t.outputSource === 'max-tokens' ? '≤ ' : '';
  return `${prefix}${formatCost(t.cost)}`;
}

/** One paragraph for a confirmation: units, calls, tokens, cost, time. */
export function planSummaryText(plan: RunPlan): string {
  const t = plan.totals;
  const out = t.outputSource === 'max-tokens' ? `≤ ${formatCount(t.outputTokens)}` : t.outputSource === 'unknown' ? `${formatCount(t.outputTokens)}+` : formatCount(t.outputTokens);
  return [
    `${formatCount(plan.units)}${plan.unitsExact ? '' : ' (estimated)'} unit(s) from ${formatCount(plan.seeds)} seed(s)`,
    `${formatCount(t.calls)} LLM call(s)`,
    `${formatCount(t.inputTokens)} input + ${out} output tokens`,
    `cost ${planCostText(plan)}`,
    `time ${planTimeText(plan)}`,
  ].join(' · ');
}

/** The CLI's table: one row per block, then the totals, the time and the notes. */
export function planTable(plan: RunPlan): string {
  const header = ['BLOCK', 'TYPE', 'CALLS', 'INPUT TOKENS', 'OUTPUT TOKENS', 'COST'];
  const row = (b: BlockPlan) => [b.id, b.type, formatCount(b.calls), formatCount(b.inputTokens), outputCell(b.outputTokens, b.outputSource), costCell(b.cost, b.calls)];
  const t = plan.totals;
  const rows = [...plan.blocks.map(row), ['TOTAL', '', formatCount(t.calls), formatCount(t.inputTokens), outputCell(t.outputTokens, t.outputSource), planCostText(plan)]];
  const numeric = [false, false, true, true, false, false];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const sampled = plan.sampledUnits < plan.units ? `prompts rendered for ${plan.sampledUnits}` : 'every prompt rendered';
  const lines = [
    `Plan: ${plan.pipelineName} — ${formatCount(plan.units)}${plan.unitsExact ? '' : ' (estimated)'} unit(s) from ${formatCount(plan.seeds)} seed(s), ${sampled}`,
    '',
    format(header),
    ...rows.map(format),
    '',
    `Time: ${planTimeText(plan)}`,
  ];
  if (plan.notes.length > 0) lines.push('', 'Notes:', ...plan.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}
