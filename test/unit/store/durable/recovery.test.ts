import assert from 'node:assert/strict';
import { appendFile, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { scanJournal } from '../../../../src/core/store/durable/journalFormat';
import { add, asideFiles, crashCopy, ids, openItems, tempDir } from './itemsStore';

const fixedNow = () => new Date(2024, 0, 2, 3, 4, 5);

/** A database with three committed batches (ids 1..3) in the journal and an empty snapshot, as a crash leaves it. */
async function crashedWithJournal(): Promise<string> {
  const dir = await tempDir();
  const { database } = await openItems(join(dir, 'items.db'));
  for (const id of [1, 2, 3]) await database.commit([add(id)]);
  const copy = await crashCopy(dir);
  await database.close();
  return copy;
}

describe('DurableDatabase: recovery', () => {
  it('ignores a torn last line and cuts it off before the next append', async () => {
    const path = await crashedWithJournal();
    const journal = `${path}-journal.jsonl`;
    await appendFile(journal, '{"seq":4,"ops":[{"t":"add","id":4,"v');
    const { database, recovered, replayed } = await openItems(path);
    assert.deepEqual(recovered, []);
    assert.equal(replayed, 3);
    assert.deepEqual(ids(database.db), [1, 2, 3]);
    await database.commit([add(5)]);
    const scan = scanJournal(await readFile(journal), 0);
    assert.deepEqual(scan.batches.map((b) => b.seq), [1, 2, 3, 4]);
    assert.equal(scan.tornBytes, 0);
    assert.equal(scan.problem, undefined);
    await database.close();
  });

  it('sets a journal with a corrupt middle line aside, keeps the lines before it and reports how many', async () => {
    const path = await crashedWithJournal();
    const journal = `${path}-journal.jsonl`;
    const original = await readFile(journal);
    const broken = Buffer.from(original);
    const secondLine = broken.indexOf('\n') + 1;
    broken[secondLine + 20] = 0x21;
    await writeFile(journal, broken);
    const { database, recovered } = await openItems(path, { now: fixedNow });
    assert.deepEqual(ids(database.db), [1]);
    assert.equal(recovered.length, 1);
    assert.equal(recovered[0]?.file, journal);
    assert.equal(recovered[0]?.movedTo, `${journal}.corrupt-20240102-030405`);
    assert.match(recovered[0]?.reason ?? '', /line 2: checksum mismatch; kept 1 line\(s\), 2 line\(s\) from it on were not applied/);
    assert.deepEqual(await readFile(recovered[0]?.movedTo ?? ''), broken, 'the bytes are kept aside');
    await database.commit([add(7)]);
    await database.close();
    const again = await openItems(path);
    assert.deepEqual(again.recovered, []);
    assert.deepEqual(ids(again.database.db), [1, 7]);
    await again.database.close();
  });

  for (const [name, damage] of [
    ['garbage bytes', (file: string) => writeFile(file, Buffer.from('this is not a database\n'.repeat(50)))],
    ['a truncated file', async (file: string) => truncate(file, Math.floor((await stat(file)).size / 2))],
    ['an empty file', (file: string) => writeFile(file, '')],
  ] as const) {
    it(`moves a snapshot with ${name} aside, bytes intact, and starts from an empty database`, async () => {
      const dir = await tempDir();
      const path = join(dir, 'items.db');
      const first = await openItems(path);
      await first.database.commit(Array.from({ length: 300 }, (_, i) => add(i, 'z'.repeat(200))));
      await first.database.snapshot();
      await first.database.commit([add(1000)]);
      const copy = await crashCopy(dir);
      await first.database.close();
      await damage(copy);
      const damaged = await readFile(copy);
      const { database, recovered, readOnly } = await openItems(copy, { now: fixedNow });
      assert.equal(readOnly, false);
      assert.deepEqual(ids(database.db), []);
      assert.deepEqual(recovered.map((r) => basename(r.movedTo)), ['items.db.corrupt-20240102-030405', 'items.db-journal.jsonl.corrupt-20240102-030405']);
      assert.match(recovered[1]?.reason ?? '', /journal continues at seq 2 but the database snapshot ends at seq 0/);
      assert.deepEqual(await readFile(recovered[0]?.movedTo ?? ''), damaged);
      assert.deepEqual(await asideFiles(dirname(copy)), ['items.db-journal.jsonl.corrupt-20240102-030405', 'items.db.corrupt-20240102-030405']);
      await database.commit([add(1)]);
      await database.close();
      const again = await openItems(copy, { now: fixedNow });
      assert.deepEqual(again.recovered, []);
      assert.deepEqual(ids(again.database.db), [1]);
      await again.database.close();
    });
  }

  it('a second corruption in the same second gets its own name', async () => {
    const dir = await tempDir();
    const path = join(dir, 'items.db');
    for (let i = 0; i < 2; i++) {
      await writeFile(path, 'garbage');
      const { database } = await openItems(path, { now: fixedNow });
      await database.close();
    }
    assert.deepEqual(await asideFiles(dir), ['items.db.corrupt-20240102-030405', 'items.db.corrupt-20240102-030405-2']);
  });

  it('a read-only open reports a corrupt snapshot but moves nothing', async () => {
    const dir = await tempDir();
    const path = join(dir, 'items.db');
    await writeFile(path, 'garbage');
    const { database, recovered, readOnly } = await openItems(path, { readOnly: true });
    assert.equal(readOnly, true);
    assert.equal(recovered[0]?.movedTo, '');
    assert.match(recovered[0]?.reason ?? '', /left in place/);
    assert.equal(await readFile(path, 'utf8'), 'garbage');
    assert.deepEqual(await asideFiles(dir), []);
    await database.close();
  });
});
