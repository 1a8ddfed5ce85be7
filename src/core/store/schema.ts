import type { Database } from 'sql.js';

/*
 * The workspace database schema, one DDL block per version. A released block never changes: later versions add
 * a new block (see migrations.ts), so a database written by any earlier version can be brought up to date.
 *
 * JSON columns are TEXT written by JSON.stringify. Traces are BLOBs (raw deflate of the lean trace's JSON): they
 * are the bulk of a record and only ever read one record at a time. AUTOINCREMENT keeps ids of deleted jobs and
 * records from being handed out again (exports name records by id).
 *
 * 16 KB pages: a record (about 2.5 KB with a 2 KB output) leaves most of a 4 KB page unused once a second one
 * does not fit; at 16 KB the file (and every snapshot written and loaded) is about 40% smaller. page_size only
 * takes effect on an empty database, which is what version 1 runs on.
 */

/**
 * Connection settings every store connection should get (the durable store's `prepareConnection`). The SQLite
 * rollback journal only has to undo an apply that throws, within this process: durability comes from the op
 * journal. Kept in memory it saves creating and deleting a journal file in the WASM file system per transaction,
 * about 40% of a record write. The in-memory file is this connection's alone, so it keeps its lock (exclusive
 * locking mode): each transaction then skips the hot-journal lookup and the change-counter read, about a quarter
 * of the store's CPU per record. `export()` (a backup from this same connection) is unaffected.
 */
export function prepareStoreConnection(db: Database): void {
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA locking_mode = EXCLUSIVE');
}

export const SCHEMA_V1 = `
PRAGMA page_size = 16384;

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pipeline_path TEXT NOT NULL,
  pipeline_name TEXT NOT NULL,
  pipeline_snapshot TEXT NOT NULL,
  pipeline_hash TEXT NOT NULL,
  seeds_path TEXT,
  seeds_hash TEXT,
  model_settings TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'stopped', 'interrupted')),
  total INTEGER NOT NULL DEFAULT 0,
  generated INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_tokens INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  created_at TEXT NOT NULL,
  elapsed_ms INTEGER,
  metadata TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE records (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id INTEGER NOT NULL,
  unit_key TEXT NOT NULL,
  seed_index INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'failed')),
  error TEXT,
  output TEXT,
  metadata TEXT NOT NULL DEFAULT '{}',
  trace BLOB,
  edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
  original_output TEXT,
  input_tokens INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cached_tokens INTEGER NOT NULL DEFAULT 0,
  duration_ms INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (job_id, unit_key)
);

-- Newest-first pages (with and without a status filter) and per-status counts read these indexes only.
CREATE INDEX records_job_status_id ON records (job_id, status, id);
CREATE INDEX records_job_id ON records (job_id, id);

CREATE TABLE review_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id INTEGER NOT NULL,
  record_ids TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('status', 'edit')),
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  created_at TEXT NOT NULL,
  undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
);

CREATE INDEX review_actions_job ON review_actions (job_id, undone, id);

CREATE TABLE field_layouts (
  pipeline_key TEXT PRIMARY KEY,
  layout TEXT NOT NULL
);
`;

/*
 * v2: unit order. Unit keys (`s12.r3`, `s12.c0`, `s12` for a seed whose multiplier failed) do not sort as text,
 * so "by unit" pages need the repetition/chunk number as a column, backfilled from the keys of existing records.
 */
export const SCHEMA_V2 = `
ALTER TABLE records ADD COLUMN unit_index INTEGER NOT NULL DEFAULT -1;

UPDATE records SET unit_index = CAST(substr(unit_key, instr(unit_key, '.') + 2) AS INTEGER)
  WHERE instr(unit_key, '.') > 0;

CREATE INDEX records_job_unit ON records (job_id, seed_index, unit_index);
CREATE INDEX records_job_status_unit ON records (job_id, status, seed_index, unit_index);
`;

/*
 * v3: the current run of a job. A job whose process died (SIGKILL, crash) keeps status `running`; readers tell it
 * apart by its runner (pid and host, checked against the database's write lock), and its elapsed time counts the
 * run up to the last sign of life (run_active_at: last record or heartbeat). Earlier jobs have no run columns: an
 * unknown run counts as no time.
 */
export const SCHEMA_V3 = `
ALTER TABLE jobs ADD COLUMN run_started_at TEXT;
ALTER TABLE jobs ADD COLUMN run_active_at TEXT;
ALTER TABLE jobs ADD COLUMN runner_pid INTEGER;
ALTER TABLE jobs ADD COLUMN runner_host TEXT;
`;

/*
 * v4: payloads beside the database. A record's metadata, output, original output and trace move to its job's
 * segment files (payload/segmentStore); the record keeps a pointer (segment, offset, length). Rows without a
 * pointer still hold their payload inline (written before v4, or replayed from an older journal): the writer moves
 * them out at open (WorkspaceStore.relocateInlinePayloads), found through the partial index, which is empty once done.
 * record_buckets counts a job's records per status and per bucket of the two page orders (ord 0: 64 seeds of unit
 * order; ord 1: 1024 ids, newest first), so counts and a page at any offset read a few thousand small rows
 * instead of skipping up to a million index entries.
 */
export const UNIT_BUCKET_SHIFT = 6;
export const ID_BUCKET_SHIFT = 10;

export const SCHEMA_V4 = `
ALTER TABLE records ADD COLUMN payload_seg INTEGER;
ALTER TABLE records ADD COLUMN payload_off INTEGER;
ALTER TABLE records ADD COLUMN payload_len INTEGER;
CREATE INDEX records_inline ON records (id) WHERE payload_seg IS NULL;

CREATE TABLE record_buckets (
  job_id INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  status TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (job_id, ord, status, bucket)
) WITHOUT ROWID;

INSERT INTO record_buckets (job_id, ord, status, bucket, n)
  SELECT job_id, 0, status, seed_index >> ${UNIT_BUCKET_SHIFT}, COUNT(*) FROM records GROUP BY job_id, status, seed_index >> ${UNIT_BUCKET_SHIFT};
INSERT INTO record_buckets (job_id, ord, status, bucket, n)
  SELECT job_id, 1, status, id >> ${ID_BUCKET_SHIFT}, COUNT(*) FROM records GROUP BY job_id, status, id >> ${ID_BUCKET_SHIFT};
`;
