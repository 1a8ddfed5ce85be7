import { readFile } from 'node:fs/promises';
import type { Database, SqlJsStatic } from 'sql.js';
import { isNoEntry } from './durableFiles';
import { messageOf } from './durableErrors';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type SnapshotRead = { kind: 'missing' } | { kind: 'ok'; db: Database; bytes: number } | { kind: 'corrupt'; reason: string };

/**
 * Loads the snapshot into sql.js. A file that is not SQLite, that sql.js cannot open or that fails
 * `PRAGMA quick_check` is reported as corrupt (the caller moves it aside; it is never overwritten).
 */
export async function readSnapshot(SQL: SqlJsStatic, file: string): Promise<SnapshotRead> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    if (isNoEntry(error)) return { kind: 'missing' };
    throw error;
  }
  if (data.length < HEADER.length || !data.subarray(0, HEADER.length).equals(HEADER)) {
    return { kind: 'corrupt', reason: data.length === 0 ? 'the file is empty' : 'the file does not start with the SQLite header' };
  }
  let db: Database | undefined;
  try {
    db = new SQL.Database(data);
    const rows = db.exec('PRAGMA quick_check');
    const verdict = rows[0]?.values.map((row) => String(row[0])) ?? [];
    if (verdict.length !== 1 || verdict[0] !== 'ok') {
      db.close();
      return { kind: 'corrupt', reason: `PRAGMA quick_check failed: ${verdict.slice(0, 3).join('; ')}` };
    }
    return { kind: 'ok', db, bytes: data.length };
  } catch (error) {
    db?.close();
    return { kind: 'corrupt', reason: `SQLite cannot read it: ${messageOf(error)}` };
  }
}
