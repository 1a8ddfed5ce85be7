import type { Database } from 'sql.js';
import type { PayloadStore } from './payload/payloadStore';

/**
 * The write path of the workspace database. Every change is an operation (plain JSON) that is made durable first
 * (appended to the journal and flushed) and then applied to the in-memory sql.js database by `apply`, the same
 * function that replays the journal on open. So a change is either durable and applied, or neither.
 */
export interface StoreOp {
  /** Operation type, e.g. `job.create`, `record.add`, `record.status`. */
  t: string;
  [field: string]: unknown;
}

/** Applies one operation to the database. Must be deterministic: replay after a crash gives the same state. */
export type ApplyOp<Op extends StoreOp> = (db: Database, op: Op) => void;

export interface Migration {
  /** Schema version after this migration (PRAGMA user_version). Versions start at 1 and have no gaps. */
  version: number;
  description: string;
  up(db: Database): void;
}

export interface OpLog<Op extends StoreOp> {
  /** The in-memory database, for queries. Never write to it directly: use `commit`. */
  readonly db: Database;
  /** Opened without the write lock (another process writes): `commit` rejects. */
  readonly readOnly: boolean;
  /**
   * Durable when the promise resolves; applied to `db` in order, each call's ops in one transaction. `gather`: the
   * commit may wait a few milliseconds for others to share its flush (record writes of concurrent workers).
   */
  commit(ops: Op[], options?: CommitOptions): Promise<void>;
  /** Where record payloads live beside the database; absent: payloads are stored inline in `db`. */
  readonly payloads?: PayloadStore;
}

export interface CommitOptions {
  gather?: boolean;
}

/** Who holds the write lock of a database. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** ISO 8601. */
  since: string;
  /** What holds it, e.g. `VS Code window`, `datagenflow CLI`. */
  holder: string;
}
