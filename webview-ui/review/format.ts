// Small text helpers of the Review app.

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s % 60);
  if (m < 60) return `${m}m ${rest}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A field's value as text: strings as they are, anything else as indented JSON. */
export function valueText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export const STATUS_LABEL: Record<string, string> = { pending: 'Pending', accepted: 'Accepted', rejected: 'Rejected', failed: 'Failed' };
export const STATUS_ICON: Record<string, string> = { pending: 'circle-large-outline', accepted: 'pass', rejected: 'circle-slash', failed: 'error' };
