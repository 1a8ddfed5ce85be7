import { LlmError, type LlmErrorKind } from '../errors';
import type { Release } from './adaptiveLimiter';

/** The limiter operations the policy needs; `AdaptiveLimiter` provides them. */
export interface RetryLimiter {
  acquire(signal?: AbortSignal): Promise<Release>;
  onRateLimited(release: Release): boolean;
  onSuccess(release: Release): void;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  error: LlmError;
  /** For 429s: whether this one cut the limiter (false: same burst, or no limiter). */
  limitCut: boolean;
}

export interface RetryOptions {
  /** Retries after 5xx, timeouts, dropped connections, invalid responses. */
  maxRetries: number;
  /** Retries after 429s; counted apart because waiting out a rate limit is expected, not a fault. */
  maxRateLimitRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Wait after a 429 that carries no Retry-After. */
  defaultRateLimitDelayMs?: number;
  sleep?: Sleep;
  random?: () => number;
  signal?: AbortSignal;
  /** When given, each attempt holds one of its slots and the slot is given back before any wait. */
  limiter?: RetryLimiter;
  onRetry?: (info: RetryInfo) => void;
  /** Builds the error reported when the signal fires; lets the caller name the endpoint. */
  abortedError?: () => LlmError;
  /** Failures of a retried kind that the caller knows cannot pass (e.g. a port fetch refuses): final at once. */
  isPermanent?: (error: LlmError) => boolean;
}

const BACKOFF_KINDS: ReadonlySet<LlmErrorKind> = new Set<LlmErrorKind>(['server', 'timeout', 'connection', 'invalid-response']);

/**
 * Runs `attempt` until it succeeds or the failure is final.
 *
 * 429 → tell the limiter, wait Retry-After (else a short default), retry; bounded by `maxRateLimitRetries`.
 * 5xx, timeout, connection, invalid response → exponential backoff with full jitter, at most `maxRetries` times.
 * auth, not-found, bad-request, aborted → final at once. The final error keeps its kind and says how many
 * attempts were made. Non-`LlmError` throws are bugs, not transient faults, and pass through untouched.
 */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { signal, limiter } = options;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 20;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const defaultRateLimitDelayMs = options.defaultRateLimitDelayMs ?? 1_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const aborted = options.abortedError ?? (() => new LlmError('aborted', 'Request cancelled.'));
  let faultRetries = 0;
  let rateLimitRetries = 0;

  for (let attemptNumber = 1; ; attemptNumber++) {
    if (signal?.aborted) {
      throw aborted();
    }
    const release = limiter ? await acquireOrAbort(limiter, signal, aborted) : undefined;
    let error: LlmError;
    let limitCut = false;
    try {
      const result = await attempt(attemptNumber);
      if (release) limiter?.onSuccess(release);
      return result;
    } catch (thrown) {
      if (!(thrown instanceof LlmError)) {
        throw thrown;
      }
      error = thrown;
      if (error.kind === 'rate-limit' && release && limiter) {
        limitCut = limiter.onRateLimited(release);
      }
    } finally {
      // Before any wait: a request sleeping off a backoff must not hold concurrency others could use.
      release?.();
    }

    if (error.kind === 'aborted' || signal?.aborted) {
      throw error.kind === 'aborted' ? error : aborted();
    }
    let delayMs: number;
    if (error.kind === 'rate-limit' && rateLimitRetries < maxRateLimitRetries) {
      rateLimitRetries++;
      delayMs = Math.min(maxDelayMs, error.retryAfterMs ?? defaultRateLimitDelayMs);
    } else if (BACKOFF_KINDS.has(error.kind) && faultRetries < Math.max(0, options.maxRetries) && !options.isPermanent?.(error)) {
      faultRetries++;
      // Full jitter: spreads retries of requests that failed together so they do not fail together again.
      delayMs = Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (faultRetries - 1)));
    } else {
      throw finalError(error, attemptNumber);
    }
    options.onRetry?.({ attempt: attemptNumber, delayMs, error, limitCut });
    await waitOrAbort(sleep(delayMs, signal), signal, aborted);
  }
}

function finalError(error: LlmError, attempts: number): LlmError {
  const count = attempts === 1 ? 'after 1 attempt' : `gave up after ${attempts} attempts`;
  return new LlmError(error.kind, `${error.message} (${count})`, error.status, error.retryAfterMs, {
    cause: error.cause ?? error,
  });
}

async function acquireOrAbort(limiter: RetryLimiter, signal: AbortSignal | undefined, aborted: () => LlmError): Promise<Release> {
  let release: Release;
  try {
    release = await limiter.acquire(signal);
  } catch (reason) {
    if (signal?.aborted) {
      throw aborted();
    }
    throw reason;
  }
  // The grant and the abort can land in the same tick; the slot must not leak then.
  if (signal?.aborted) {
    release();
    throw aborted();
  }
  return release;
}

// Races the wait against the signal so an injected sleep that ignores the signal still stops at once.
async function waitOrAbort(wait: Promise<void>, signal: AbortSignal | undefined, aborted: () => LlmError): Promise<void> {
  if (!signal) {
    return wait;
  }
  let onAbort: (() => void) | undefined;
  const abortedPromise = new Promise<never>((_, reject) => {
    onAbort = () => reject(aborted());
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([wait.catch(() => undefined), abortedPromise]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) {
    throw aborted();
  }
}

/** Resolves after `ms`, or early (without rejecting) when the signal fires; callers check the signal. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
