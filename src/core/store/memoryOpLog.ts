import type { Database } from 'sql.js';
import type { ApplyOp, Migration, OpLog, StoreOp } from './opLog';
import { STORE_MIGRATIONS } from './migrations';
import { prepareStoreConnection } from './schema';
import { loadSqlJs } from './sqlJs';
import { applyStoreOp, type StoreOperation } from './storeOps';
import { ReadOnlyOpLogError, StoreSchemaError } from './storeErrors';

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
 * An OpLog with nothing on disk: for tests and throwaway stores. Ops are applied in call order, after `commit`
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
      runMigrations(db, options.migrations, label);
    } catch (e) {
      db.close();
      throw e;
    }
    return new MemoryOpLog(db, options.readOnly ?? false, options.apply, label);
  }

  commit(ops: Op[]): Promise<void> {
    if (this.readOnly) return Promise.reject(new ReadOnlyOpLogError(this.label));
    const done = this.tail.then(() => applyInTransaction(this.db, ops, this.apply));
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

export function applyInTransaction<Op extends StoreOp>(db: Database, ops: readonly Op[], apply: ApplyOp<Op>): void {
  db.exec('BEGIN');
  try {
    for (const op of ops) apply(db, op);
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

/** Brings the database to the last migration's version; each migration and its version bump in one transaction. */
export function runMigrations(db: Database, migrations: readonly Migration[], label: string): void {
  const current = userVersion(db);
  const latest = migrations.length ? migrations[migrations.length - 1].version : 0;
  if (current > latest) {
    throw new StoreSchemaError(
      'too-new',
      `The database ${label} has schema version ${current}, but this version of DataGenFlow knows up to ${latest}: update DataGenFlow to open it.`,
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN');
    try {
      migration.up(db);
      db.exec(`PRAGMA user_version = ${Math.trunc(migration.version)}`);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw new StoreSchemaError(
        'migration-failed',
        `Migrating the database ${label} to schema version ${migration.version} (${migration.description}) failed: ${e instanceof Error ? e.message : String(e)}. The database was left at version ${userVersion(db)}; report this with the file.`,
        { cause: e },
      );
    }
  }
}

export function userVersion(db: Database): number {
  const value = db.exec('PRAGMA user_version')[0]?.values[0]?.[0];
  return typeof value === 'number' ? value : 0;
}
