/** One `commit()` call waiting to be made durable. `opsJson` is the ops as written to the journal. */
export interface PendingCommit {
  opsJson: string;
  /** May wait gatherMs for company (record writes); others (review actions, job changes) flush at once. */
  gather: boolean;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: calls that arrive while a flush is in progress wait and go together into the next flush (one
 * append and one fdatasync for all of them), so throughput grows with concurrency instead of being capped at one
 * fsync per record. Calls made in the same tick as the first one join its flush too.
 */
export class GroupCommitter {
  private pending: PendingCommit[] = [];
  private running?: Promise<void>;

  /**
   * @param gatherMs how long the first call of a group waits for others before the flush starts (0: only the rest
   *   of its tick). A few milliseconds let concurrent writers share one append + fdatasync + transaction instead of
   *   each paying for their own; calls that arrive during a flush always wait for the next one anyway.
   */
  constructor(
    private readonly flush: (group: PendingCommit[]) => Promise<void>,
    private readonly gatherMs = 0,
  ) {}

  enqueue(opsJson: string, gather = true): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ opsJson, gather, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves once every call enqueued so far is settled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      // Let the rest of the current tick (and, with gatherMs, the next few milliseconds) enqueue before the flush.
      if (this.gatherMs > 0 && this.pending.every((call) => call.gather)) await new Promise((resolve) => setTimeout(resolve, this.gatherMs));
      else await Promise.resolve();
      while (this.pending.length > 0) {
        const group = this.pending.splice(0);
        try {
          await this.flush(group);
        } catch (error) {
          // `flush` settles its calls itself; this is a safety net so none is left hanging.
          for (const call of group) call.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}

/** Runs async sections one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
