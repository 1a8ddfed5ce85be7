import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreApplyError, StoreClosedError, StoreJournalError } from '../../../../src/core/store/durable/durableErrors';
import { scanJournal } from '../../../../src/core/store/durable/journalFormat';
import { loadSqlJs } from '../../../../src/core/store/sqlJs';
import { add, crashCopy, duplicateIds, ids, openItems, tempDir, type ItemOp } from './itemsStore';

describe('DurableDatabase: commit, replay, snapshot', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await tempDir();
    path = join(dir, 'nested', 'items.db');
  });

  it('creates the folder and a real SQLite file at open', async () => {
    const { database, readOnly, recovered, replayed } = await openItems(path);
    assert.equal(readOnly, false);
    assert.deepEqual(recovered, []);
    assert.equal(replayed, 0);
    const header = (await readFile(path)).subarray(0, 16).toString('latin1');
    assert.equal(header, 'SQLite format 3\0');
    await database.close();
  });

  it('replays committed batches from the journal after a crash', async () => {
    const { database } = await openItems(path);
    await database.commit([add(1), add(2)]);
    await database.commit([{ t: 'del', id: 1 }, add(3)]);
    assert.deepEqual(ids(database.db), [2, 3]);
    const copy = await crashCopy(join(dir, 'nested'));
    const reopened = await openItems(copy);
    assert.equal(reopened.replayed, 4);
    assert.deepEqual(ids(reopened.database.db), [2, 3]);
    await reopened.database.close();
    await database.close();
  });

  it('after a snapshot nothing is replayed and the journal is empty', async () => {
    const { database } = await openItems(path);
    await database.commit([add(1), add(2)]);
    assert.ok((await stat(database.journalPath)).size > 0);
    assert.equal(await database.snapshot(), true);
    assert.equal((await stat(database.journalPath)).size, 0);
    assert.equal(await database.snapshot(), false, 'nothing new to write');
    const reopened = await openItems(await crashCopy(join(dir, 'nested')));
    assert.equal(reopened.replayed, 0);
    assert.deepEqual(ids(reopened.database.db), [1, 2]);
    await reopened.database.close();
    await database.close();
  });

  it('close() flushes, snapshots and leaves an empty journal; another SQLite reader sees the rows', async () => {
    const { database } = await openItems(path);
    const pending = [database.commit([add(1)]), database.commit([add(2)])];
    await database.close();
    await Promise.all(pending);
    assert.equal((await stat(`${path}-journal.jsonl`)).size, 0);
    const SQL = await loadSqlJs();
    const plain = new SQL.Database(await readFile(path));
    assert.deepEqual(plain.exec('SELECT id FROM items ORDER BY id')[0]?.values, [[1], [2]]);
    assert.deepEqual(plain.exec('SELECT seq FROM _journal_state')[0]?.values, [[2]]);
    plain.close();
    await assert.rejects(database.commit([add(3)]), StoreClosedError);
  });

  it('groups concurrent commits into few flushes (one datasync each), applied in call order', async () => {
    const { database } = await openItems(path);
    const before = database.stats.datasyncs;
    await Promise.all(Array.from({ length: 100 }, (_, i) => database.commit([add(i)])));
    const used = database.stats.datasyncs - before;
    assert.ok(used <= 3, `100 concurrent commits used ${used} datasyncs`);
    assert.deepEqual(ids(database.db), Array.from({ length: 100 }, (_, i) => i));
    const lines = scanJournal(await readFile(database.journalPath), 0);
    assert.equal(lines.batches.length, 100, 'still one journal line per commit');
    await database.close();
  });

  it('an empty commit resolves after the commits before it', async () => {
    const { database } = await openItems(path);
    void database.commit([add(1)]);
    await database.commit([]);
    assert.deepEqual(ids(database.db), [1]);
    await database.close();
  });

  it('rejects ops that are not plain JSON without writing anything', async () => {
    const { database } = await openItems(path);
    await assert.rejects(database.commit([{ t: 'add', id: 1, v: 2n } as unknown as ItemOp]), /plain JSON/);
    assert.equal(database.stats.journalBytes, 0);
    await database.close();
  });

  it('applies the JSON form of ops, so live state equals replayed state', async () => {
    const { database } = await openItems(path);
    const op = { t: 'add', id: 1, v: 'x', extra: undefined } as ItemOp;
    await database.commit([op]);
    const reopened = await openItems(await crashCopy(join(dir, 'nested')));
    assert.deepEqual(ids(reopened.database.db), ids(database.db));
    await reopened.database.close();
    await database.close();
  });

  it('a failed append rejects the commits of its flush and applies nothing', async function () {
    if (!existsSync('/dev/full')) this.skip();
    // Every write to /dev/full fails with ENOSPC, like a full disk.
    await mkdir(join(dir, 'nested'));
    await symlink('/dev/full', `${path}-journal.jsonl`);
    const { database } = await openItems(path);
    const results = await Promise.allSettled([database.commit([add(1)]), database.commit([add(2)])]);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.ok(result.reason instanceof StoreJournalError);
      assert.match(result.reason.message, /could not append .*ENOSPC.*check free disk space/);
    }
    assert.deepEqual(ids(database.db), []);
    assert.equal(database.stats.appliedSeq, 0);
    await assert.rejects(database.commit([add(3)]), StoreJournalError);
    assert.deepEqual(ids(database.db), []);
    await database.close();
  });

  it('an apply that throws rejects only its commit, rolls its batch back, and replay skips it the same way', async () => {
    const { database } = await openItems(path);
    const results = await Promise.allSettled([database.commit([add(1)]), database.commit([add(2), { t: 'boom' }]), database.commit([add(3)])]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    const reason = (results[1] as PromiseRejectedResult).reason as StoreApplyError;
    assert.ok(reason instanceof StoreApplyError);
    assert.equal(reason.seq, 2);
    assert.deepEqual(ids(database.db), [1, 3]);
    const reopened = await openItems(await crashCopy(join(dir, 'nested')));
    assert.deepEqual(ids(reopened.database.db), [1, 3]);
    assert.deepEqual(reopened.skipped.map((s) => s.seq), [2]);
    assert.match(reopened.skipped[0]?.error ?? '', /boom/);
    await reopened.database.close();
    await database.close();
  });

  it('commits made while a snapshot is written survive it, once each', async () => {
    const { database } = await openItems(path);
    await database.commit(Array.from({ length: 200 }, (_, i) => add(i, 'x'.repeat(500))));
    const during: Promise<void>[] = [];
    const snapshot = database.snapshot();
    for (let i = 200; i < 260; i++) during.push(database.commit([add(i)]));
    await Promise.all([snapshot, ...during]);
    assert.ok(database.stats.journalBytes > 0, 'lines committed during the snapshot stay in the journal');
    const reopened = await openItems(await crashCopy(join(dir, 'nested')));
    assert.deepEqual(ids(reopened.database.db), Array.from({ length: 260 }, (_, i) => i));
    assert.deepEqual(duplicateIds(reopened.database.db), []);
    await reopened.database.close();
    await database.close();
  });

  it('a crash between snapshot rename and journal cut replays nothing twice', async () => {
    const { database } = await openItems(path);
    await database.commit([add(1)]);
    await database.commit([add(2)]);
    const journalCopy = join(dir, 'journal-before-snapshot');
    await copyFile(database.journalPath, journalCopy);
    await database.snapshot();
    await copyFile(journalCopy, database.journalPath);
    const copy = await crashCopy(join(dir, 'nested'));
    const reopened = await openItems(copy);
    assert.equal(reopened.replayed, 0);
    assert.deepEqual(reopened.recovered, []);
    await reopened.database.commit([add(3)]);
    await reopened.database.close();
    const again = await openItems(copy);
    assert.deepEqual(ids(again.database.db), [1, 2, 3]);
    await again.database.close();
    await database.close();
  });

  it('snapshots automatically once the journal reaches max(minJournalBytes, ratio × snapshot size), not before', async () => {
    const min = 16 * 1024;
    const ratio = 0.5;
    const { database } = await openItems(path, { snapshotPolicy: { minJournalBytes: min, journalToSnapshotRatio: ratio } });
    let threshold = Math.max(min, ratio * database.stats.snapshotBytes);
    let peak = 0;
    let commitsSinceCrossing = 0;
    let ratioDominated = 0;
    for (let id = 0; id < 400; id++) {
      const before = database.stats.snapshots;
      await database.commit([add(id, 'y'.repeat(1000))]);
      const after = database.stats;
      if (after.snapshots === before) {
        peak = Math.max(peak, after.journalBytes);
        if (peak >= threshold) commitsSinceCrossing++;
        assert.ok(commitsSinceCrossing <= 10, `no snapshot ${commitsSinceCrossing} commits after the journal reached ${threshold}`);
        continue;
      }
      assert.ok(peak >= threshold, `snapshot at journal ${peak} < threshold ${threshold}`);
      if (threshold > min) ratioDominated++;
      threshold = Math.max(min, ratio * after.snapshotBytes);
      peak = 0;
      commitsSinceCrossing = 0;
    }
    assert.ok(database.stats.snapshots >= 4, `${database.stats.snapshots} snapshots`);
    assert.ok(ratioDominated >= 1, 'the ratio term decided at least once');
    await database.close();
  });

  it('export() keeps PRAGMAs and prepared statements (sql.js ≥ 1.16), so snapshots need no reconnection', async () => {
    const { database } = await openItems(path, { prepareConnection: (db) => db.run('PRAGMA foreign_keys = ON') });
    const statement = database.db.prepare('SELECT count(*) FROM items');
    await database.commit([add(1)]);
    await database.snapshot();
    assert.equal(database.db.exec('PRAGMA foreign_keys')[0]?.values[0]?.[0], 1);
    assert.equal(statement.step(), true);
    assert.deepEqual(statement.get(), [1]);
    statement.free();
    await database.close();
  });
});
