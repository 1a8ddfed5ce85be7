import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreMigrationError, StoreVersionError } from '../../../../src/core/store/durable/durableErrors';
import type { Migration } from '../../../../src/core/store/opLog';
import { loadSqlJs } from '../../../../src/core/store/sqlJs';
import { add, crashCopy, ids, itemsV1, itemsV2, openItems, tempDir } from './itemsStore';

async function fileState(path: string) {
  const journal = `${path}-journal.jsonl`;
  return { db: await readFile(path), dbTime: (await stat(path)).mtimeMs, journal: await readFile(journal), journalTime: (await stat(journal)).mtimeMs };
}

async function diskVersion(path: string): Promise<number> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(await readFile(path));
  const version = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0]);
  db.close();
  return version;
}

describe('DurableDatabase: migrations', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await tempDir();
    path = join(dir, 'items.db');
  });

  it('a new database runs every migration and is written at the latest version', async () => {
    const { database } = await openItems(path, { migrations: itemsV2 });
    assert.equal(await diskVersion(path), 2);
    await database.close();
  });

  it('opening a v1 database with v2 migrations migrates it, keeps its rows and replays its journal after', async () => {
    const v1 = await openItems(path, { migrations: itemsV1 });
    await v1.database.commit([add(1)]);
    await v1.database.snapshot();
    await v1.database.commit([add(2)]);
    const copy = await crashCopy(dir);
    await v1.database.close();
    assert.equal(await diskVersion(copy), 1);
    const v2 = await openItems(copy, { migrations: itemsV2 });
    assert.equal(v2.replayed, 1);
    assert.deepEqual(v2.database.db.exec('SELECT id, tag FROM items ORDER BY id')[0]?.values, [[1, 'v2'], [2, 'v2']]);
    assert.equal(await diskVersion(copy), 2, 'the migrated database is written at open');
    await v2.database.close();
  });

  it('a database newer than the known migrations throws StoreVersionError and is not touched', async () => {
    const v2 = await openItems(path, { migrations: itemsV2 });
    await v2.database.commit([add(1)]);
    const copy = await crashCopy(dir);
    await v2.database.close();
    const before = await fileState(copy);
    const error = await openItems(copy, { migrations: itemsV1 }).then(
      () => assert.fail('open should throw'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StoreVersionError);
    assert.equal(error.message, `Database ${copy} was written by a newer DataGenFlow (schema 2 > 1); update the extension. The file was not modified.`);
    assert.deepEqual(await fileState(copy), before);
    await assert.rejects(stat(`${copy}.lock`), /ENOENT/, 'the lock is released');
  });

  it('a failing migration throws StoreMigrationError, leaves the file at its version and releases the lock', async () => {
    const v1 = await openItems(path, { migrations: itemsV1 });
    await v1.database.commit([add(1)]);
    await v1.database.close();
    const before = await readFile(path);
    const failing: Migration[] = [...itemsV1, { version: 2, description: 'broken', up: (db) => db.run('ALTER TABLE nope ADD COLUMN x') }];
    await assert.rejects(openItems(path, { migrations: failing }), (e: unknown) => e instanceof StoreMigrationError && /migration to schema 2 failed \(no such table: nope\)/.test(e.message));
    assert.deepEqual(await readFile(path), before);
    await assert.rejects(stat(`${path}.lock`), /ENOENT/);
    const again = await openItems(path, { migrations: itemsV1 });
    assert.deepEqual(ids(again.database.db), [1]);
    await again.database.close();
  });

  it('rejects migration lists with gaps', async () => {
    const gap: Migration[] = [{ ...itemsV1[0]!, version: 2 }];
    await assert.rejects(openItems(path, { migrations: gap }), /versions 1\.\.1 without gaps/);
  });
});
