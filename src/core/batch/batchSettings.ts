/** How batch jobs use the provider's Batch API (settings `datagenflow.batch.*`). */
export interface BatchSettings {
  /** Requests in one batch input file (OpenAI: 50,000). */
  maxRequestsPerFile: number;
  /** Bytes of one batch input file (OpenAI: 200 MB). */
  maxBytesPerFile: number;
  /** The completion window asked of the provider (OpenAI accepts `24h`). */
  completionWindow: string;
  /** Seconds between two looks at a running batch. */
  pollSeconds: number;
  /** Requests a batch did not answer (expired, cancelled, a retryable error): into a follow-up batch, or online. */
  missing: 'batch' | 'online';
  /** Times one request may go out (first batch included) before its unit fails with the last error. */
  maxAttempts: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  maxRequestsPerFile: 50_000,
  maxBytesPerFile: 200 * 1024 * 1024,
  completionWindow: '24h',
  pollSeconds: 30,
  missing: 'batch',
  maxAttempts: 3,
};

/** Reads `datagenflow.batch.*` from raw settings values (flat keys without the `datagenflow.` prefix). */
export function batchSettingsFromValues(get: (key: string) => unknown): BatchSettings {
  const num = (key: string, fallback: number, min: number) => {
    const v = get(`batch.${key}`);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
  };
  const window = get('batch.completionWindow');
  return {
    maxRequestsPerFile: Math.floor(num('maxRequestsPerFile', DEFAULT_BATCH_SETTINGS.maxRequestsPerFile, 1)),
    maxBytesPerFile: Math.floor(num('maxBytesPerFile', DEFAULT_BATCH_SETTINGS.maxBytesPerFile, 1024)),
    completionWindow: typeof window === 'string' && window.trim() !== '' ? window.trim() : DEFAULT_BATCH_SETTINGS.completionWindow,
    pollSeconds: num('pollSeconds', DEFAULT_BATCH_SETTINGS.pollSeconds, 0.01),
    missing: get('batch.missing') === 'online' ? 'online' : 'batch',
    maxAttempts: Math.floor(num('maxAttempts', DEFAULT_BATCH_SETTINGS.maxAttempts, 1)),
  };
}
