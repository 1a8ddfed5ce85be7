import type { Database } from 'sql.js';
import type { ApplyOp, StoreOp } from '../opLog';
import { runOne } from '../sqlRows';
import { messageOf } from './durableErrors';
import type { JournalBatch } from './journalFormat';
import type { SkippedBatch } from './durableOptions';
import { inTransaction } from './migrate';

/** Batches replayed per outer transaction: bounds the parsed batches kept in memory for the fallback. */
export const REPLAY_BATCHES_PER_COMMIT = 256;

const SAVEPOINT = '_journal_replay_batch';

/**
 * Replays journal batches into `db` with the same outcome as applying each one in its own transaction (`applyBatch`),
 * but faster: consecutive batches share one transaction, committed every REPLAY_BATCHES_PER_COMMIT batches and by
 * `finish()`, and each batch runs inside a SAVEPOINT, so a batch whose apply throws is rolled back alone and reported
 * in `skipped`. Outcomes are counted when their transaction commits.
 *
 * Should the shared transaction be lost (SQLite ends it on some errors, e.g. out of memory, and then the savepoint is
 * gone) or its COMMIT fail, the batches of that transaction are applied again one transaction each, as `applyBatch`
 * does: replay never depends on the grouping. `finish()` must be called once the last batch was added.
 */
export class JournalReplay<Op extends StoreOp> {
  /** Ops of the batches applied. */
  replayed = 0;
  readonly skipped: SkippedBatch[] = [];
  /** Batches applied in the open transaction, with the error of those rolled back to their savepoint. */
  private pending: { batch: JournalBatch; error: unknown }[] = [];
  private inTransaction = false;

  /**
   * `onOutcome`: each batch's outcome once its transaction committed (undefined: applied; else what `apply`
   * threw, the batch rolled back). The live writer uses it to settle each commit of a group it applies together.
   */
  constructor(
    private readonly db: Database,
    private readonly apply: ApplyOp<Op>,
    private readonly batchesPerCommit = REPLAY_BATCHES_PER_COMMIT,
    private readonly onOutcome?: (batch: JournalBatch, error: unknown) => void,
  ) {}

  add(batch: JournalBatch): void {
    if (!this.inTransaction) {
      // Prepared once per database (sqlRows' cache): the live writer runs these for every group it commits.
      runOne(this.db, 'BEGIN');
      this.inTransaction = true;
    }
    let error: unknown;
    try {
      runOne(this.db, `SAVEPOINT ${SAVEPOINT}`);
      for (const op of batch.ops) this.apply(this.db, op as Op);
      runOne(this.db, `RELEASE ${SAVEPOINT}`);
    } catch (thrown) {
      error = thrown ?? new Error('apply threw a falsy value');
      if (!this.rollBackToSavepoint()) {
        // This batch too: alone, it may not fail (or fails again, the same way, and is skipped).
        this.pending.push({ batch, error });
        this.redoAlone();
        return;
      }
    }
    this.pending.push({ batch, error });
    if (this.pending.length >= this.batchesPerCommit) this.commit();
  }

  /** Commits what is pending. */
  finish(): void {
    if (this.inTransaction) this.commit();
  }

  private commit(): void {
    try {
      runOne(this.db, 'COMMIT');
    } catch {
      // E.g. a deferred constraint: each batch alone then decides which one is skipped.
      this.redoAlone();
      return;
    }
    this.inTransaction = false;
    for (const { batch, error } of this.pending.splice(0)) this.record(batch, error);
  }

  /** False when the savepoint is gone: the transaction was ended under it. */
  private rollBackToSavepoint(): boolean {
    try {
      this.db.run(`ROLLBACK TO ${SAVEPOINT}`);
      this.db.run(`RELEASE ${SAVEPOINT}`);
      return true;
    } catch {
      return false;
    }
  }

  /** Drops the shared transaction and applies its batches again, each in its own transaction. */
  private redoAlone(): void {
    rollBack(this.db);
    this.inTransaction = false;
    for (const { batch } of this.pending.splice(0)) this.record(batch, applyBatch(this.db, batch, this.apply));
  }

  private record(batch: JournalBatch, error: unknown): void {
    if (error === undefined) this.replayed += batch.ops.length;
    else this.skipped.push({ seq: batch.seq, error: messageOf(error) });
    this.onOutcome?.(batch, error);
  }
}

/** Applies one batch in a transaction. Returns the error when `apply` threw (the batch is then rolled back). */
export function applyBatch<Op extends StoreOp>(db: Database, batch: JournalBatch, apply: ApplyOp<Op>): unknown {
  try {
    inTransaction(db, () => {
      for (const op of batch.ops) apply(db, op as Op);
    });
    return undefined;
  } catch (error) {
    return error ?? new Error('apply threw a falsy value');
  }
}

function rollBack(db: Database): void {
  try {
    db.run('ROLLBACK');
  } catch {
    // No transaction left to roll back.
  }
}
