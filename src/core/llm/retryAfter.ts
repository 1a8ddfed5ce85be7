/** The part of `Headers` we read; lets tests pass a plain object. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * How long a 429 (or 503) asks us to wait, in ms, or undefined when it does not say.
 *
 * Three forms exist in the wild: OpenAI's non-standard `retry-after-ms`, the standard `retry-after` in (possibly
 * fractional) seconds, and `retry-after` as an HTTP-date. A date in the past means "now" (0).
 */
export function parseRetryAfter(headers: HeaderReader | undefined, now: number = Date.now()): number | undefined {
  if (!headers) {
    return undefined;
  }
  const ms = parseNonNegativeNumber(headers.get('retry-after-ms'));
  if (ms !== undefined) {
    return Math.round(ms);
  }
  const raw = headers.get('retry-after')?.trim();
  if (!raw) {
    return undefined;
  }
  const seconds = parseNonNegativeNumber(raw);
  if (seconds !== undefined) {
    return Math.round(seconds * 1000);
  }
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function parseNonNegativeNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === '' || !/^\s*\d+(\.\d+)?\s*$/.test(value)) {
    return undefined;
  }
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
