import type { Database } from 'sql.js';
import type { ApplyOp, Migration, OpLog, StoreOp } from '../../../src/core/store/opLog';
import { STORE_MIGRATIONS } from '../../../src/core/store/migrations';
import { prepareStoreConnection } from '../../../src/core/store/schema';
import { loadSqlJs } from '../../../src/core/store/sqlJs';
import { applyStoreOp } from '../../../src/core/store/storeOps';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import { DgfError } from '../../../src/core/errors';
import { inTransaction, migrate } from '../../../src/core/store/durable/migrate';

export interface MemoryOpLogOptions<Op extends StoreOp> {
  migrations: readonly Migration[];
  apply: ApplyOp<Op>;
  /** An existing database file's bytes (e.g. a database of an older schema); absent: an empty database. */
  data?: Uint8Array;
  /** Mimics a store opened without the write lock: commit rejects. */
  readOnly?: boolean;
  /** Names the database in messages. */
  label?: string;
  /** Connection settings applied before the migrations (see prepareStoreConnection). */
  prepareConnection?: (db: Database) => void;
}

/**
 * An OpLog with nothing on disk, for tests (the product always stores durably: DurableDatabase). Ops are applied in call order, after `commit`
 * returns (like the durable store, which applies them once flushed), each call in one transaction.
 */
export class MemoryOpLog<Op extends StoreOp> implements OpLog<Op> {
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    readonly db: Database,
    readonly readOnly: boolean,
    private readonly apply: ApplyOp<Op>,
    private readonly label: string,
  ) {}

  static async open<Op extends StoreOp>(options: MemoryOpLogOptions<Op>): Promise<MemoryOpLog<Op>> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(options.data);
    const label = options.label ?? '(in memory)';
    try {
      options.prepareConnection?.(db);
      // The durable store's runner, so both refuse a newer schema and fail a migration with the same errors.
      migrate(db, options.migrations, label);
    } catch (e) {
      db.close();
      throw e;
    }
    return new MemoryOpLog(db, options.readOnly ?? false, options.apply, label);
  }

  commit(ops: Op[]): Promise<void> {
    if (this.readOnly) return Promise.reject(new ReadOnlyOpLogError(this.label));
    const done = this.tail.then(() =>
      inTransaction(this.db, () => {
        for (const op of ops) this.apply(this.db, op);
      }),
    );
    this.tail = done.catch(() => undefined);
    return done;
  }

  /** Waits for commits in flight, then frees the database. */
  async close(): Promise<void> {
    await this.tail;
    this.db.close();
  }
}

/** A throwaway workspace store log: the store's migrations, ops and connection settings, nothing on disk. */
export function openMemoryStoreLog(options: Pick<MemoryOpLogOptions<StoreOperation>, 'data' | 'readOnly' | 'label'> = {}): Promise<MemoryOpLog<StoreOperation>> {
  return MemoryOpLog.open({ ...options, migrations: STORE_MIGRATIONS, apply: applyStoreOp, prepareConnection: prepareStoreConnection });
}

/** A commit on a MemoryOpLog opened read-only (the durable store has its own StoreReadOnlyError, naming the lock holder). */
export class ReadOnlyOpLogError extends DgfError {
  constructor(where: string) {
    super('store-read-only', `The workspace database ${where} is open read-only (another process holds the write lock): close the other DataGenFlow window or CLI run and reopen it.`);
  }
}
