import { WaitQueue, type WaitNode } from './waitQueue';

/** Gives back the slot taken by `acquire`. Calling it again does nothing, so a slot is never freed twice. */
export type Release = () => void;

export interface LimiterOptions {
  /** The configured concurrency: where the limit starts and the most it ever grows to. */
  maxLimit: number;
  /** Multiplicative cut on a fresh 429. */
  decreaseFactor?: number;
  /** Successes needed at the known-safe level before probing one above it, in multiples of the limit. */
  probeEvery?: number;
  /** Cap on how far failed probes stretch the probe interval (multiples of `probeEvery`). */
  maxProbeBackoff?: number;
  onChange?: (change: LimitChange) => void;
}

export interface LimitChange {
  previous: number;
  limit: number;
  reason: 'rate-limited' | 'recovered' | 'probe' | 'grown' | 'max-changed';
  /** Lowest limit known to draw 429s, if any. */
  ceiling: number | undefined;
}

export interface LimiterSnapshot {
  limit: number;
  maxLimit: number;
  inFlight: number;
  queued: number;
  ceiling: number | undefined;
  cuts: number;
}

interface Lease {
  /** Cut count when the request started: a 429 from before the last cut carries no news. */
  readonly epoch: number;
  readonly limitAtStart: number;
}

interface Waiter {
  resolve(release: Release): void;
  reject(reason: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Concurrency limiter for one (endpoint, model) that adapts to 429s.
 *
 * Policy, and why:
 * - Cut ×0.75 once per burst. A burst is identified by epochs: every cut starts a new epoch, and only a 429 of a
 *   request that STARTED in the current epoch may cut again. 429s of requests sent before the cut describe the old
 *   limit, which has already been paid for; counting them would collapse the limit to 1 after one overload.
 * - Remember a ceiling: the limit in force when a fresh 429 was sent. For a server that admits N concurrent
 *   requests this converges to N+1 within a few round trips.
 * - Recover fast to ceiling−1: +1 per success of a request sent under the lowered limit (proof the lower level
 *   works), so a single probe costs about one round trip at 75% instead of `limit` round trips of slow growth.
 * - Probe rarely: at ceiling−1, try one more only after `probeEvery × limit` successes while demand fills the
 *   limit; each failed probe doubles that interval (capped), each successful one raises the ceiling and resets it.
 *   Without a ceiling (never throttled, or below max after a setting change) growth is +1 per `limit` successes.
 * - The limit never drops below 1 and never exceeds the configured maximum.
 */
export class AdaptiveLimiter {
  private current: number;
  private max: number;
  private active = 0;
  private epoch = 0;
  private ceilingLimit: number | undefined;
  private streak = 0;
  private probeBackoff = 1;
  private readonly queue = new WaitQueue<Waiter>();
  private readonly leases = new WeakMap<Release, Lease>();
  private readonly decreaseFactor: number;
  private readonly probeEvery: number;
  private readonly maxProbeBackoff: number;
  private readonly onChange: ((change: LimitChange) => void) | undefined;

  constructor(options: LimiterOptions) {
    this.max = clampLimit(options.maxLimit);
    this.current = this.max;
    this.decreaseFactor = options.decreaseFactor ?? 0.75;
    this.probeEvery = options.probeEvery ?? 4;
    this.maxProbeBackoff = options.maxProbeBackoff ?? 16;
    this.onChange = options.onChange;
  }

  get limit(): number {
    return this.current;
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.queue.size;
  }

  get ceiling(): number | undefined {
    return this.ceilingLimit;
  }

  snapshot(): LimiterSnapshot {
    return { limit: this.current, maxLimit: this.max, inFlight: this.active, queued: this.queue.size, ceiling: this.ceilingLimit, cuts: this.epoch };
  }

  /** Waits (FIFO) for a slot. Rejects with the signal's reason if it fires first; a rejected wait holds nothing. */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason);
    }
    if (this.queue.size === 0 && this.active < this.current) {
      return Promise.resolve(this.grant());
    }
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      const node: WaitNode<Waiter> = this.queue.push(waiter);
      if (signal) {
        waiter.onAbort = () => {
          if (this.queue.remove(node)) {
            reject(signal.reason);
          }
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
    });
  }

  /** A request sent with `release` got a 429. Returns whether this cut the limit (false: same burst). */
  onRateLimited(release: Release): boolean {
    const lease = this.leases.get(release) ?? { epoch: this.epoch, limitAtStart: this.current };
    if (lease.epoch !== this.epoch) {
      return false;
    }
    if (this.ceilingLimit !== undefined && lease.limitAtStart >= this.ceilingLimit) {
      this.probeBackoff = Math.min(this.maxProbeBackoff, this.probeBackoff * 2);
    }
    this.ceilingLimit = lease.limitAtStart;
    this.epoch++;
    this.streak = 0;
    this.setLimit(Math.floor(this.current * this.decreaseFactor), 'rate-limited');
    return true;
  }

  /** A request sent with `release` succeeded. */
  onSuccess(release: Release): void {
    const lease = this.leases.get(release);
    if (!lease || lease.epoch !== this.epoch || this.current >= this.max) {
      return;
    }
    const target = this.ceilingLimit !== undefined ? Math.min(this.max, this.ceilingLimit - 1) : this.max;
    if (this.current < target) {
      this.streak = 0;
      this.setLimit(this.current + 1, 'recovered');
      return;
    }
    // A limit the workload never fills proves nothing about the server, so only saturated successes count.
    if (this.active < this.current && this.queue.size === 0) {
      return;
    }
    this.streak++;
    const needed = this.ceilingLimit === undefined ? this.current : this.current * this.probeEvery * this.probeBackoff;
    if (this.streak < needed) {
      return;
    }
    this.streak = 0;
    if (this.ceilingLimit !== undefined && this.current >= this.ceilingLimit) {
      // The probe held: the server's capacity grew (or the old 429 was a fluke). Move the ceiling up.
      this.ceilingLimit = this.current + 1;
      this.probeBackoff = 1;
    }
    const probing = this.ceilingLimit !== undefined && this.current + 1 >= this.ceilingLimit;
    this.setLimit(this.current + 1, probing ? 'probe' : 'grown');
  }

  /** Follows a settings change; learned state below the new maximum is kept. */
  setMaxLimit(maxLimit: number): void {
    const next = clampLimit(maxLimit);
    if (next === this.max) {
      return;
    }
    this.max = next;
    if (this.current > next) {
      this.setLimit(next, 'max-changed');
    }
  }

  private grant(): Release {
    this.active++;
    let released = false;
    const release: Release = () => {
      if (released) {
        return;
      }
      released = true;
      this.active--;
      this.dispatch();
    };
    this.leases.set(release, { epoch: this.epoch, limitAtStart: this.current });
    return release;
  }

  private dispatch(): void {
    while (this.active < this.current) {
      const waiter = this.queue.shift();
      if (!waiter) {
        return;
      }
      if (waiter.signal && waiter.onAbort) {
        waiter.signal.removeEventListener('abort', waiter.onAbort);
      }
      waiter.resolve(this.grant());
    }
  }

  private setLimit(next: number, reason: LimitChange['reason']): void {
    const previous = this.current;
    this.current = Math.max(1, Math.min(this.max, next));
    if (this.current === previous) {
      return;
    }
    this.onChange?.({ previous, limit: this.current, reason, ceiling: this.ceilingLimit });
    this.dispatch();
  }
}

/** One limiter per (base URL, model id): they are what a server's concurrency and rate limits apply to. */
export class LimiterRegistry {
  private readonly limiters = new Map<string, AdaptiveLimiter>();

  constructor(private readonly defaults: Omit<LimiterOptions, 'maxLimit'> = {}) {}

  get(baseUrl: string, model: string, maxLimit: number): AdaptiveLimiter {
    const key = `${baseUrl.replace(/\/+$/, '')}\u0000${model}`;
    const existing = this.limiters.get(key);
    if (existing) {
      existing.setMaxLimit(maxLimit);
      return existing;
    }
    const created = new AdaptiveLimiter({ ...this.defaults, maxLimit });
    this.limiters.set(key, created);
    return created;
  }
}

function clampLimit(value: number): number {
  return Number.isFinite(value) ? Math.max(1, Math.floor(value)) : 1;
}
