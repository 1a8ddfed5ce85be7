// A clock for code that waits through an injected `sleep`: time advances only when everything runnable has run,
// straight to the next timer. Makes limiter and retry timings exact and instant.

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock {
  private current = 0;
  private seq = 0;
  private readonly timers: Timer[] = [];
  /** Every delay passed to `sleep`, in order. */
  readonly sleeps: number[] = [];

  get now(): number {
    return this.current;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      // Like the real abortable sleep: an abort ends the wait early (callers then see the aborted signal).
      signal?.addEventListener('abort', () => this.fire(timer), { once: true });
    });
  };

  /** Lets pending promise chains run (macrotask turn), without moving time. */
  async settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Runs until `done()` holds, advancing time timer by timer. Throws if nothing is left to wait for. */
  async runUntil(done: () => boolean, maxSteps = 1_000_000): Promise<void> {
    for (let step = 0; step < maxSteps; step++) {
      await this.settle();
      if (done()) return;
      const next = this.nextTimer();
      if (!next) throw new Error(`VirtualClock: stuck at ${this.current} ms with nothing scheduled`);
      this.current = Math.max(this.current, next.at);
      this.fire(next);
    }
    throw new Error('VirtualClock: too many steps');
  }

  /** Advances time by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await this.settle();
      const next = this.nextTimer();
      if (!next || next.at > until) break;
      this.current = Math.max(this.current, next.at);
      this.fire(next);
    }
    this.current = until;
    await this.settle();
  }

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }

  private fire(timer: Timer): void {
    const index = this.timers.indexOf(timer);
    if (index < 0) return;
    this.timers.splice(index, 1);
    timer.resolve();
  }
}
