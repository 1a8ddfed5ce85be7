import { formatCost, formatCount, formatDuration } from '../core/plan/planEstimate';
import { planCostText, planTimeText } from '../core/plan/planText';
import type { BlockPlan, RunPlan } from '../core/plan/planTypes';

/** A count as the header shows it: `840`, `12.4k`, `3.1M`. */
function compact(n: number): string {
  if (n < 1000) return formatCount(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/**
 * The header's line for a plan: `~120 calls · ~48k tokens · ~$0.31 · ~1:05`. Output tokens that are an upper bound
 * (max_tokens) or missing make the token and cost figures `≤` or `≥`; the time only when earlier jobs measured it.
 */
export function canvasPlanSummary(plan: RunPlan): string {
  const t = plan.totals;
  const tokens = t.inputTokens + t.outputTokens;
  const tokenMark = t.outputSource === 'max-tokens' ? '≤' : t.outputSource === 'unknown' ? '≥' : '~';
  const parts = [`~${compact(t.calls)} call${t.calls === 1 ? '' : 's'}`, `${tokenMark}${compact(tokens)} tokens`];
  if (t.cost !== undefined) parts.push(`${!t.costComplete ? '≥' : t.outputSource === 'max-tokens' ? '≤' : '~'}${formatCost(t.cost)}`);
  if (plan.time.ms !== undefined) parts.push(`~${formatDuration(plan.time.ms)}`);
  return parts.join(' · ');
}

function blockLine(b: BlockPlan): string {
  if (b.calls === 0) return `${b.id} (${b.type}): no model calls`;
  const output = b.outputTokens === undefined ? '? output' : `${formatCount(b.outputTokens)} output${b.outputSource === 'max-tokens' ? ' (max_tokens)' : ''}`;
  const cost = b.cost === undefined ? '' : ` · ${formatCost(b.cost)}`;
  return `${b.id} (${b.type}): ${formatCount(b.calls)} calls · ${formatCount(b.inputTokens)} input + ${output} tokens${cost}`;
}

/** The tooltip's lines: units, one line per block, cost, time, then the plan's notes. */
export function canvasPlanDetails(plan: RunPlan, seedFile: string): string[] {
  return [
    `Plan for ${seedFile}: ${formatCount(plan.units)}${plan.unitsExact ? '' : ' (estimated)'} unit(s) from ${formatCount(plan.seeds)} seed(s)`,
    ...plan.blocks.map(blockLine),
    `Cost: ${planCostText(plan)}`,
    `Time: ${planTimeText(plan)}`,
    ...plan.notes.map((n) => `Note: ${n}`),
  ];
}
