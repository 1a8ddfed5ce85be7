import type { TryUsageView } from '../../src/shared/tryProtocol';

export function formatTryDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function tokensText(usage: TryUsageView | undefined): string {
  if (!usage) return 'no tokens';
  return `${usage.input_tokens} in / ${usage.output_tokens} out tokens`;
}
