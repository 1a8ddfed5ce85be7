// Options and results of DurableDatabase.open, apart from the class so that file stays small.
import type { Database } from 'sql.js';
import type { ApplyOp, Migration, StoreOp } from '../opLog';
import type { PayloadStore } from '../payload/payloadStore';

export interface SnapshotPolicy {
  /** Journal size that triggers an automatic snapshot at the least. Default 6 MB. */
  minJournalBytes?: number;
  /**
   * …and at least this fraction of the last snapshot's size, so snapshot cost per record stays constant. Default
   * 0.03: past minJournalBytes, the journal a crash can leave (replayed by the next open) is 3% of the database
   * at most. A lower ratio shortens that replay and writes proportionally more snapshots. (Record payloads
   * live in segment files, so a record's journal line, ~350 B, is about the size of its row: at 1M records a crash
   * leaves ~17k records to replay, against a snapshot of ~200 MB written every ~17k records.)
   */
  journalToSnapshotRatio?: number;
}

/** Exported so the store benchmark can state how often snapshots happen without copying the numbers. */
export const DEFAULT_SNAPSHOT_POLICY: Required<SnapshotPolicy> = { minJournalBytes: 6 * 1024 * 1024, journalToSnapshotRatio: 0.03 };

export interface DurableOpenOptions<Op extends StoreOp> {
  /** The snapshot, a plain SQLite file. The journal is `path + '-journal.jsonl'`, the lock `path + '.lock'`. */
  path: string;
  migrations: Migration[];
  apply: ApplyOp<Op>;
  /** Who writes, shown to a second opener, e.g. `VS Code window`, `datagenflow CLI`. */
  holder: string;
  /** Do not try to take the write lock. */
  readOnly?: boolean;
  /**
   * When `path` exists but is not a database of ours: 'keep-aside' (the workspace's own database: it is moved to
   * `.corrupt-…` and a new one is started, reported in `recovered`) or 'refuse' (a path the user gave, e.g. `--db`:
   * StoreNotDatabaseError, and no file is created, moved or changed). Default 'keep-aside'.
   */
  existingNonDatabase?: 'keep-aside' | 'refuse';
  snapshotPolicy?: SnapshotPolicy;
  now?: () => Date;
  /**
   * Connection settings (PRAGMA foreign_keys, functions) for each freshly loaded sql.js database: at open, and
   * when a read-only instance reloads. sql.js ≥ 1.16 `export()` keeps statements, functions and PRAGMAs, so a
   * snapshot does not need it (a test guards that).
   */
  prepareConnection?: (db: Database) => void;
  /**
   * Record payloads kept beside the database (segment files): synced before each journal append, so no journal line
   * points at bytes a crash could lose; closed with the database.
   */
  payloads?: PayloadStore;
  /** Problems that fail no call, e.g. an automatic snapshot that failed (it is retried later). */
  onWarning?: (message: string, error: unknown) => void;
}

/** A file that could not be used. `movedTo` is '' when it was left in place (read-only opens never move files). */
export interface RecoveredFile {
  file: string;
  movedTo: string;
  reason: string;
}

/** A durable batch whose `apply` threw: rolled back, live and on every replay alike. */
export interface SkippedBatch {
  seq: number;
  error: string;
}

export interface DurableStats {
  flushes: number;
  datasyncs: number;
  snapshots: number;
  journalBytes: number;
  snapshotBytes: number;
  appliedSeq: number;
  snapshotSeq: number;
}
