import { addUsage, emptyUsage, type TokenUsage } from '../llm/llmTypes';
import type { Constraints } from '../pipeline/pipelineTypes';
import { reachedLimit, stopReason, tokenLimits, totalFor, type ReachedLimit, type TokenLimit } from './constraints';

export interface BudgetGateOptions {
  constraints: Constraints | undefined;
  /** The job's running usage, earlier runs included; the gate reads it as the runner adds to it. */
  usage: Readonly<TokenUsage>;
  /** The job's elapsed time, earlier runs included. */
  elapsedMs: () => number;
  /** The job ran before (a resume): a limit already reached at the start was reached by those runs. */
  earlierRuns?: boolean;
}

interface Reached {
  limit: ReachedLimit;
  /** Units running when it was reached; they may finish. */
  inFlight: number;
  byEarlierRuns: boolean;
}

/**
 * Decides whether the next unit of a job may start, so that the job's constraints stop it AT the limit:
 *
 * - a limit is reached when the job's total reaches it (`total >= limit`); from then on no unit starts, and the
 *   units already running finish (their results are stored, their usage counted);
 * - a unit starts only while the total PROJECTED from the units running is below every token limit: total + units
 *   in flight × the mean cost per unit finished in this run. At concurrency 1 that is exactly the original's rule
 *   (start while total < limit); at higher concurrency no more units run at once than the sequential job would
 *   still start, so concurrency never plans past the limit;
 * - until a unit of this run has finished there is no observed cost, so only one unit runs at a time;
 * - without token limits every admission is immediate (the time limit only closes the gate).
 *
 * The gate never aborts anything: cancel and failures are the runner's (`close`).
 */
export class BudgetGate {
  private readonly limits: TokenLimit[];
  private readonly unitCost = emptyUsage();
  private inFlight = 0;
  private finished = 0;
  private started = 0;
  private closed = false;
  private reached?: Reached;
  /** A unit was refused because a limit was reached: the job stopped short. */
  private refused = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: BudgetGateOptions) {
    this.limits = tokenLimits(options.constraints);
    const earlier = reachedLimit(options.constraints, options.usage, options.elapsedMs());
    if (earlier) this.reached = { limit: earlier, inFlight: 0, byEarlierRuns: options.earlierRuns === true };
  }

  /** Resolves true when a unit may start now (it counts as in flight until `finish` or `release`), false when none may start any more. */
  async admit(): Promise<boolean> {
    for (;;) {
      if (this.closed) return false;
      this.check();
      if (this.reached) {
        this.refused = true;
        return false;
      }
      if (this.mayStartAnother()) {
        this.inFlight++;
        this.started++;
        return true;
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** An admitted worker found no unit left to run. */
  release(): void {
    this.inFlight--;
    this.started--;
    this.wake();
  }

  /** A unit finished; its usage is already in the job's usage. */
  finish(unitUsage: TokenUsage): void {
    this.inFlight--;
    this.finished++;
    addUsage(this.unitCost, unitUsage);
    this.check();
    this.wake();
  }

  /** Looks at the totals now: usage added outside units (a multiplier's), or the time limit's moment. */
  checkNow(): void {
    this.check();
    if (this.reached) this.wake();
  }

  /** The job is cancelled or failed: nothing starts any more. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** True once a limit kept a unit from starting (a job with nothing left to start is not stopped by a limit). */
  get stoppedByLimit(): boolean {
    return this.refused;
  }

  /** Why the job stopped, with the totals as they are now (call it once the units in flight have finished). */
  stopReason(elapsedMs: number): string | undefined {
    if (!this.reached) return undefined;
    const { limit, inFlight, byEarlierRuns } = this.reached;
    return stopReason({ reached: limit, inFlight, byEarlierRuns, final: totalFor(limit.name, this.options.usage, elapsedMs) });
  }

  private check(): void {
    if (this.reached) return;
    const limit = reachedLimit(this.options.constraints, this.options.usage, this.options.elapsedMs());
    if (limit) this.reached = { limit, inFlight: this.inFlight, byEarlierRuns: false };
  }

  private mayStartAnother(): boolean {
    if (this.inFlight === 0 || this.limits.length === 0) return true;
    if (this.finished === 0) return false;
    return this.limits.every((l) => l.measure(this.options.usage) + (this.inFlight * l.measure(this.unitCost)) / this.finished < l.max);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
