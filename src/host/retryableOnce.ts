/**
 * A value made once by an async step (opening the database): concurrent callers share the attempt in flight, a
 * success is kept, and a failure is forgotten as soon as it settles, so the next call tries again (the user may
 * have fixed what failed: a locked or unreadable file, a missing folder). Plain TypeScript so it is unit-tested
 * without VS Code.
 */
export class RetryableOnce<T> {
  private current?: Promise<T>;

  constructor(private readonly make: () => Promise<T>) {}

  /** The value, made now unless an attempt is in flight or succeeded. */
  get(): Promise<T> {
    if (this.current) return this.current;
    const attempt = this.make();
    this.current = attempt;
    // Only this attempt's own failure clears it: a newer attempt (after take()) stays.
    attempt.catch(() => {
      if (this.current === attempt) this.current = undefined;
    });
    return attempt;
  }

  /** True while an attempt is in flight or has succeeded. */
  isStarted(): boolean {
    return this.current !== undefined;
  }

  /**
   * Forgets the value (the next get() makes a new one) and hands back the one made, for closing; undefined when
   * none was made or the attempt failed.
   */
  async take(): Promise<T | undefined> {
    const taken = this.current;
    this.current = undefined;
    return taken?.catch(() => undefined);
  }
}
