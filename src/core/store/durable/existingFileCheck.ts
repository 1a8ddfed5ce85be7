import { open } from 'node:fs/promises';
import type { Database } from 'sql.js';
import { isNoEntry } from './durableFiles';
import { StoreAccessError, StoreNotDatabaseError } from './durableErrors';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * For a database path the user gave: nothing is created or locked next to a file that is not a database. Resolves
 * when `file` does not exist or starts like SQLite; throws StoreAccessError for a folder and StoreNotDatabaseError
 * for any other file (a seed file, an empty file, text). Deeper checks follow in loadState (refuseForeign).
 */
export async function checkExistingIsDatabase(file: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isNoEntry(error)) return;
    throw error;
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new StoreAccessError(file, `${file} is a folder. The database path must name a file (e.g. ${file}/datagenflow.db).`);
    if (!info.isFile()) throw new StoreNotDatabaseError(file, 'it is not a regular file');
    if (info.size === 0) throw new StoreNotDatabaseError(file, 'the file is empty');
    const head = Buffer.alloc(HEADER.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < HEADER.length || !head.equals(HEADER)) throw new StoreNotDatabaseError(file, 'it does not start with the SQLite header');
  } finally {
    await handle.close();
  }
}

/** A readable SQLite file written by another program: tables, but not the `_journal_state` every snapshot of ours has. */
export function foreignTables(db: Database): string[] | undefined {
  const rows = db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values ?? [];
  const names = rows.map((row) => String(row[0]));
  return names.length > 0 && !names.includes('_journal_state') ? names : undefined;
}
