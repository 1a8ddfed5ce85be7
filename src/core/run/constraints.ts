import type { TokenUsage } from '../llm/llmTypes';
import type { Constraints } from '../pipeline/pipelineTypes';

function limit(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 ? value : undefined;
}

/** The first constraint the job's cumulative usage exceeds, as a message, or undefined. -1/null = unlimited. */
export function exceededConstraint(constraints: Constraints | undefined, usage: TokenUsage, elapsedMs: number): string | undefined {
  if (!constraints) return undefined;
  const checks: [string, number | undefined, number][] = [
    ['max_total_tokens', limit(constraints.max_total_tokens), usage.input_tokens + usage.output_tokens + usage.cached_tokens],
    ['max_total_input_tokens', limit(constraints.max_total_input_tokens), usage.input_tokens],
    ['max_total_output_tokens', limit(constraints.max_total_output_tokens), usage.output_tokens],
    ['max_total_cached_tokens', limit(constraints.max_total_cached_tokens), usage.cached_tokens],
    ['max_total_execution_time', limit(constraints.max_total_execution_time), elapsedMs / 1000],
  ];
  for (const [name, max, used] of checks) {
    if (max !== undefined && used > max) {
      const shown = name === 'max_total_execution_time' ? `${used.toFixed(1)} s > ${max} s` : `${used} > ${max}`;
      return `Constraint exceeded: ${name} (${shown})`;
    }
  }
  return undefined;
}

/** Milliseconds until the time limit, or undefined when there is none. */
export function timeLimitMs(constraints: Constraints | undefined): number | undefined {
  const max = limit(constraints?.max_total_execution_time);
  return max === undefined ? undefined : max * 1000;
}
