/** How far one render may go. Each limit that is hit fails that render (one unit), never the process. */
export interface RenderLimits {
  /** Wall-clock time one render may take, in milliseconds (setting `datagenflow.templates.renderTimeoutMs`). */
  timeoutMs: number;
  /** Size of one rendered text in UTF-8 bytes (setting `datagenflow.templates.maxRenderBytes`). */
  maxBytes: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = { timeoutMs: 2000, maxBytes: 1_048_576 };

/** The settings that raise each limit, for messages. */
export const RENDER_LIMIT_SETTINGS = {
  timeoutMs: 'datagenflow.templates.renderTimeoutMs',
  maxBytes: 'datagenflow.templates.maxRenderBytes',
} as const;

/** `range()` never builds a list longer than this (and `slice` never more parts): a fixed, documented cap. */
export const MAX_RANGE_ITEMS = 100_000;

/** Heap cap of a render worker: a template that allocates past it kills its worker only. */
export const RENDER_WORKER_HEAP_MB = 256;

/** Reads limits from loosely typed settings, falling back to the defaults for anything missing or not positive. */
export function renderLimitsFrom(values: Partial<RenderLimits> | undefined): RenderLimits {
  const pick = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  return {
    timeoutMs: pick(values?.timeoutMs, DEFAULT_RENDER_LIMITS.timeoutMs),
    maxBytes: Math.floor(pick(values?.maxBytes, DEFAULT_RENDER_LIMITS.maxBytes)),
  };
}

/** Why a rendered text of `bytes` UTF-8 bytes is refused, when it is over `maxBytes`; undefined when it fits. */
export function outputBudgetProblem(text: string, maxBytes: number): string | undefined {
  // Each UTF-16 unit is at most 3 bytes: most texts are known to fit without counting.
  if (text.length * 3 <= maxBytes) return undefined;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return undefined;
  return `the rendered text is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} output budget. Make the template produce less, or raise ${RENDER_LIMIT_SETTINGS.maxBytes}.`;
}

/** "1 MB", "512 KB", "300 bytes": sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= 1_048_576) return `${+(n / 1_048_576).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
