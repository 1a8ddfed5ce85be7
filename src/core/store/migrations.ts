import type { Migration } from './opLog';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4 } from './schema';

/** The workspace database's migrations, in order. The opener runs those above the file's PRAGMA user_version. */
export const STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'jobs, records (failed executions included), review actions, field layouts',
    up(db) {
      db.exec(SCHEMA_V1);
    },
  },
  {
    version: 2,
    description: 'records.unit_index (backfilled from unit keys) and indexes for pages in unit order',
    up(db) {
      db.exec(SCHEMA_V2);
    },
  },
  {
    version: 3,
    description: 'jobs: the current run (start, last sign of life, runner pid and host) for liveness and elapsed time',
    up(db) {
      db.exec(SCHEMA_V3);
    },
  },
  {
    version: 4,
    description: 'records: payload pointers into per-job segment files (inline payloads moved out at open); per-status bucket counts',
    up(db) {
      db.exec(SCHEMA_V4);
    },
  },
];

/** The schema version this code writes. */
export const STORE_SCHEMA_VERSION = STORE_MIGRATIONS[STORE_MIGRATIONS.length - 1].version;
