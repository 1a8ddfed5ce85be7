import type { JobRow, JsonObject } from '../store/storeTypes';
import type { OutputSource, RunPlan } from './planTypes';

/** The plan's totals as stored with the job it preceded (job metadata `plan`), to show estimated vs actual later. */
export interface PlanEstimate {
  units: number;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  outputSource: OutputSource;
  cost?: number;
  costComplete: boolean;
  timeMs?: number;
  prices?: { perKInput: number; perKOutput: number };
}

export const PLAN_METADATA_KEY = 'plan';

export function planEstimate(plan: RunPlan): PlanEstimate {
  const t = plan.totals;
  return {
    units: plan.units,
    calls: t.calls,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    outputSource: t.outputSource,
    ...(t.cost !== undefined ? { cost: t.cost } : {}),
    costComplete: t.costComplete,
    ...(plan.time.ms !== undefined ? { timeMs: plan.time.ms } : {}),
    ...(plan.prices ? { prices: plan.prices } : {}),
  };
}

const SOURCES: readonly OutputSource[] = ['earlier-jobs', 'max-tokens', 'unknown', 'none'];

/** The estimate stored with a job, if it has one (metadata is user-visible JSON: read defensively). */
export function storedEstimate(metadata: JsonObject): PlanEstimate | undefined {
  const raw = metadata[PLAN_METADATA_KEY];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const e = raw as Record<string, unknown>;
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!num(e.units) || !num(e.calls) || !num(e.inputTokens) || !num(e.outputTokens)) return undefined;
  const prices = e.prices as { perKInput?: unknown; perKOutput?: unknown } | undefined;
  return {
    units: e.units,
    calls: e.calls,
    inputTokens: e.inputTokens,
    outputTokens: e.outputTokens,
    outputSource: SOURCES.find((s) => s === e.outputSource) ?? 'unknown',
    ...(num(e.cost) ? { cost: e.cost } : {}),
    costComplete: e.costComplete === true,
    ...(num(e.timeMs) ? { timeMs: e.timeMs } : {}),
    ...(prices && num(prices.perKInput) && num(prices.perKOutput) ? { prices: { perKInput: prices.perKInput, perKOutput: prices.perKOutput } } : {}),
  };
}

/** One figure, estimated and actual. */
export interface EstimateLine {
  label: 'Input tokens' | 'Output tokens' | 'Cost' | 'Time';
  estimated: string;
  actual: string;
  /** `+4.2%` (estimate against actual), absent when either side is unknown. */
  delta?: string;
}

/**
 * Estimated vs actual for a finished job: tokens from the job's usage, cost at the plan's prices, time from its
 * elapsed time (every run of the job: a resumed job compares its whole time with the first run's plan).
 */
export function estimateVsActual(estimate: PlanEstimate, job: Pick<JobRow, 'usage' | 'elapsedMs'>): EstimateLine[] {
  const bound = estimate.outputSource === 'max-tokens' ? ' (max)' : estimate.outputSource === 'unknown' ? ' (partial)' : '';
  const lines: EstimateLine[] = [
    line('Input tokens', estimate.inputTokens, job.usage.input_tokens, formatCount),
    { ...line('Output tokens', estimate.outputTokens, job.usage.output_tokens, formatCount), estimated: `${formatCount(estimate.outputTokens)}${bound}` },
  ];
  if (estimate.prices) {
    const actual = (job.usage.input_tokens * estimate.prices.perKInput + job.usage.output_tokens * estimate.prices.perKOutput) / 1000;
    lines.push(estimate.cost === undefined ? { label: 'Cost', estimated: '?', actual: formatCost(actual) } : line('Cost', estimate.cost, actual, formatCost));
  }
  if (estimate.timeMs !== undefined || job.elapsedMs !== null) {
    const est = estimate.timeMs;
    const act = job.elapsedMs;
    lines.push(est !== undefined && act !== null ? line('Time', est, act, formatDuration) : { label: 'Time', estimated: est === undefined ? '?' : formatDuration(est), actual: act === null ? '?' : formatDuration(act) });
  }
  return lines;
}

/** `input 7,700 est. / 7,712 (−0.2%) · output …`: one line for notifications. */
export function estimateVsActualText(estimate: PlanEstimate, job: Pick<JobRow, 'usage' | 'elapsedMs'>): string {
  const short: Record<EstimateLine['label'], string> = { 'Input tokens': 'tokens in', 'Output tokens': 'out', Cost: 'cost', Time: 'time' };
  return estimateVsActual(estimate, job)
    .map((l) => `${short[l.label]} ${l.estimated} est. / ${l.actual}${l.delta ? ` (${l.delta})` : ''}`)
    .join(' · ');
}

function line(label: EstimateLine['label'], estimated: number, actual: number, format: (n: number) => string): EstimateLine {
  return { label, estimated: format(estimated), actual: format(actual), ...(actual > 0 ? { delta: percentDelta(estimated, actual) } : {}) };
}

export function percentDelta(estimated: number, actual: number): string {
  const p = ((estimated - actual) / actual) * 100;
  return `${p >= 0 ? '+' : '−'}${Math.abs(p).toFixed(1)}%`;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** `850 ms`, `12.3 s`, `4:05`, `1:02:03`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
