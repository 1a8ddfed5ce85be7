import { cp, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { DurableDatabase, type DurableOpenOptions, type DurableOpenResult } from '../../../../src/core/store/durableDatabase';
import type { ApplyOp, Migration } from '../../../../src/core/store/opLog';

/**
 * A tiny store for the durable-database tests. `id` is deliberately not unique (a separate rowid is the key), so
 * a batch replayed twice shows up as duplicate ids instead of being hidden by a constraint.
 */
export type ItemOp = { t: 'add'; id: number; v: string } | { t: 'del'; id: number } | { t: 'boom' };

export const itemsV1: Migration[] = [
  { version: 1, description: 'items', up: (db) => db.run('CREATE TABLE items (n INTEGER PRIMARY KEY, id INTEGER NOT NULL, v TEXT NOT NULL)') },
];

export const itemsV2: Migration[] = [
  ...itemsV1,
  { version: 2, description: 'items.tag', up: (db) => db.run("ALTER TABLE items ADD COLUMN tag TEXT NOT NULL DEFAULT 'v2'") },
];

export const applyItem: ApplyOp<ItemOp> = (db, op) => {
  switch (op.t) {
    case 'add':
      db.run('INSERT INTO items (id, v) VALUES (?, ?)', [op.id, op.v]);
      return;
    case 'del':
      db.run('DELETE FROM items WHERE id = ?', [op.id]);
      return;
    case 'boom':
      throw new Error('boom: this op always fails');
  }
};

export function add(id: number, v = `value ${id}`): ItemOp {
  return { t: 'add', id, v };
}

export async function tempDir(prefix = 'dgf-durable-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export function openItems(path: string, extra: Partial<DurableOpenOptions<ItemOp>> = {}): Promise<DurableOpenResult<ItemOp>> {
  return DurableDatabase.open<ItemOp>({ path, migrations: itemsV1, apply: applyItem, holder: 'unit test', ...extra });
}

export function ids(db: Database): number[] {
  return (db.exec('SELECT id FROM items ORDER BY n')[0]?.values ?? []).map((row) => Number(row[0]));
}

export function duplicateIds(db: Database): number[] {
  return (db.exec('SELECT id FROM items GROUP BY id HAVING count(*) > 1')[0]?.values ?? []).map((row) => Number(row[0]));
}

/**
 * What a crash leaves: the snapshot and journal as they are now, without the lock (held by this process). Copies
 * them into a new folder, so the copy opens like a database whose writer was killed.
 */
export async function crashCopy(dir: string, name = 'items.db'): Promise<string> {
  const target = await tempDir('dgf-crash-copy-');
  for (const file of await readdir(dir)) {
    if (file.startsWith(name) && !file.endsWith('.lock')) await cp(join(dir, file), join(target, file));
  }
  return join(target, name);
}

export async function asideFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.includes('.corrupt-')).sort();
}

/** Small thresholds so the crash test's writer snapshots every few hundred records. */
export const crashSnapshotPolicy = { minJournalBytes: 64 * 1024, journalToSnapshotRatio: 0.05 };
