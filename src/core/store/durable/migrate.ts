import type { Database } from 'sql.js';
import type { Migration } from '../opLog';
import { StoreMigrationError, StoreVersionError } from './durableErrors';

export function schemaVersion(db: Database): number {
  return Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
}

/** Versions must be 1..N without gaps: a programming error otherwise, caught by the first test that opens a store. */
function latestVersion(migrations: readonly Migration[]): number {
  const versions = migrations.map((m) => m.version).sort((a, b) => a - b);
  versions.forEach((v, i) => {
    if (v !== i + 1) throw new Error(`Migrations must have versions 1..${versions.length} without gaps or duplicates; found ${versions.join(', ')}`);
  });
  return versions.length;
}

/**
 * Throws StoreVersionError, before anything is changed, when the database is newer than the known migrations.
 * Separate from `migrate` so the caller can check before it touches any file.
 */
function checkVersion(db: Database, migrations: readonly Migration[], file: string): number {
  const found = schemaVersion(db);
  const known = latestVersion(migrations);
  if (found > known) throw new StoreVersionError(file, found, known);
  return found;
}

/**
 * Runs the migrations above the database's user_version, each in its own transaction with the version bump, so a
 * failed migration leaves the database at the previous version. Returns the version it started from.
 */
export function migrate(db: Database, migrations: readonly Migration[], file: string): number {
  const from = checkVersion(db, migrations, file);
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    try {
      inTransaction(db, () => {
        migration.up(db);
        db.run(`PRAGMA user_version = ${migration.version}`);
      });
    } catch (error) {
      throw new StoreMigrationError(file, migration.version, error);
    }
  }
  return from;
}

/** Runs `fn` in a transaction; rolls back and rethrows when it throws. */
export function inTransaction(db: Database, fn: () => void): void {
  db.run('BEGIN');
  try {
    fn();
    db.run('COMMIT');
  } catch (error) {
    rollBack(db);
    throw error;
  }
}

function rollBack(db: Database): void {
  try {
    db.run('ROLLBACK');
  } catch {
    // SQLite already rolled back (some errors end the transaction themselves).
  }
}
