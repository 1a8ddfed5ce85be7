import type { TokenUsage } from '../llm/llmTypes';
import type { Constraints } from '../pipeline/pipelineTypes';

export type TokenConstraintName = 'max_total_tokens' | 'max_total_input_tokens' | 'max_total_output_tokens' | 'max_total_cached_tokens';
export type ConstraintName = TokenConstraintName | 'max_total_execution_time';

/** A token limit the pipeline sets, and how to read its count from a usage. */
export interface TokenLimit {
  name: TokenConstraintName;
  max: number;
  measure(usage: TokenUsage): number;
}

const TOKEN_MEASURES: Record<TokenConstraintName, (u: TokenUsage) => number> = {
  max_total_tokens: (u) => u.input_tokens + u.output_tokens + u.cached_tokens,
  max_total_input_tokens: (u) => u.input_tokens,
  max_total_output_tokens: (u) => u.output_tokens,
  max_total_cached_tokens: (u) => u.cached_tokens,
};

/** -1, null or absent = unlimited. */
function limit(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

/** The token limits the pipeline sets, in the order they are checked. */
export function tokenLimits(constraints: Constraints | undefined): TokenLimit[] {
  const limits: TokenLimit[] = [];
  for (const [name, measure] of Object.entries(TOKEN_MEASURES) as [TokenConstraintName, (u: TokenUsage) => number][]) {
    const max = limit(constraints?.[name]);
    if (max !== undefined) limits.push({ name, max, measure });
  }
  return limits;
}

/** Milliseconds of job time allowed (earlier runs included), or undefined when there is no time limit. */
export function timeLimitMs(constraints: Constraints | undefined): number | undefined {
  const max = limit(constraints?.max_total_execution_time);
  return max === undefined ? undefined : max * 1000;
}

/** A limit the job's total reached: its name, the limit, and the total when it was reached (tokens, or ms). */
export interface ReachedLimit {
  name: ConstraintName;
  /** Tokens, or milliseconds for the time limit. */
  max: number;
  at: number;
}

/**
 * The first limit the job's totals have reached, or undefined. A limit is reached when the total REACHES it
 * (`total >= limit`, as the original DataGenFlow checks), not only when it goes over.
 */
export function reachedLimit(constraints: Constraints | undefined, usage: TokenUsage, elapsedMs: number): ReachedLimit | undefined {
  for (const l of tokenLimits(constraints)) {
    const used = l.measure(usage);
    if (used >= l.max) return { name: l.name, max: l.max, at: used };
  }
  const time = timeLimitMs(constraints);
  if (time !== undefined && elapsedMs >= time) return { name: 'max_total_execution_time', max: time, at: elapsedMs };
  return undefined;
}

/** The job's total a limit counts: tokens of its kind, or elapsed milliseconds. */
export function totalFor(name: ConstraintName, usage: TokenUsage, elapsedMs: number): number {
  return name === 'max_total_execution_time' ? elapsedMs : TOKEN_MEASURES[name](usage);
}

/** What happened around the moment a limit was reached, for the job's stop reason. */
export interface StopCircumstances {
  reached: ReachedLimit;
  /** Units that were running when it was reached, and then finished (their results are stored). */
  inFlight: number;
  /** The total (tokens, or ms) once those units finished. */
  final: number;
  /** True when earlier runs of the job had already reached it, so this run started nothing. */
  byEarlierRuns: boolean;
}

/**
 * The stop reason of a job: `max_total_tokens reached: 800 of 600 (2 units in flight when it was reached at 600
 * finished, +200)` — how far over the limit the job went, and how much of it the units in flight added.
 */
export function stopReason(c: StopCircumstances): string {
  const { name, max } = c.reached;
  const show = name === 'max_total_execution_time' ? (v: number) => `${(v / 1000).toFixed(1)} s` : (v: number) => String(v);
  const limitShown = name === 'max_total_execution_time' ? `${max / 1000} s` : String(max);
  const head = `${name} reached: ${show(c.final)} of ${limitShown}`;
  if (c.byEarlierRuns) {
    return `${head} by earlier runs of this job, so this run started no unit. The limit counts the whole job; start a new job to generate more.`;
  }
  if (c.inFlight === 0) return head;
  const units = c.inFlight === 1 ? '1 unit' : `${c.inFlight} units`;
  return `${head} (${units} in flight when it was reached at ${show(c.reached.at)} finished, +${show(c.final - c.reached.at)})`;
}
