import { readFile, rename, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { Database, SqlJsStatic } from 'sql.js';
import { isNoEntry } from './durableFiles';
import { messageOf } from './durableErrors';

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export type SnapshotRead = { kind: 'missing' } | { kind: 'ok'; db: Database; bytes: number } | { kind: 'corrupt'; reason: string };

/**
 * `<snapshot>.check`: size and CRC-32 of the snapshot as its writer wrote it. A snapshot that matches is the bytes
 * export() gave, so its structure needs no `PRAGMA quick_check` (about 2 s for 200 MB in WebAssembly, against
 * 0.2 s for the CRC). Written after the snapshot's rename, without fsync: a crash in between, a lost or damaged
 * check file only means the next open runs quick_check again.
 */
export function snapshotCheckPath(file: string): string {
  return `${file}.check`;
}

export async function writeSnapshotCheck(file: string, data: Uint8Array): Promise<void> {
  const check = snapshotCheckPath(file);
  await writeFile(`${check}.tmp`, JSON.stringify({ size: data.length, crc32: crc32(data) }));
  await rename(`${check}.tmp`, check);
}

async function matchesCheck(file: string, data: Uint8Array): Promise<boolean> {
  try {
    const check = JSON.parse(await readFile(snapshotCheckPath(file), 'utf8')) as { size?: unknown; crc32?: unknown };
    return check.size === data.length && check.crc32 === crc32(data);
  } catch {
    return false;
  }
}

/**
 * Loads the snapshot into sql.js. A file that is not SQLite, that sql.js cannot open or that fails
 * `PRAGMA quick_check` (run unless the snapshot matches its check file) is reported as corrupt (the caller moves it
 * aside; it is never overwritten).
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
    const verified = await matchesCheck(file, data);
    db = new SQL.Database(data);
    if (verified) return { kind: 'ok', db, bytes: data.length };
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
