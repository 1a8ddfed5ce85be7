import type { Migration } from './opLog';
import { SCHEMA_V1, SCHEMA_V2 } from './schema';

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
];

/** The schema version this code writes. */
export const STORE_SCHEMA_VERSION = STORE_MIGRATIONS[STORE_MIGRATIONS.length - 1].version;
