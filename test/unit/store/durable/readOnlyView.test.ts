import assert from 'node:assert/strict';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { add, ids, openItems, tempDir } from './itemsStore';

describe('DurableDatabase: read-only instances', () => {
  let path: string;
  beforeEach(async () => {
    path = join(await tempDir(), 'items.db');
  });

  it('refresh() applies the writer’s new commits, reloads after its snapshots, and says whether anything changed', async () => {
    const writer = await openItems(path);
    await writer.database.commit([add(1)]);
    const reader = await openItems(path);
    assert.equal(reader.readOnly, true);
    assert.deepEqual(ids(reader.database.db), [1]);
    assert.equal(await reader.database.refresh(), false);

    await writer.database.commit([add(2)]);
    await writer.database.commit([add(3)]);
    assert.equal(await reader.database.refresh(), true);
    assert.deepEqual(ids(reader.database.db), [1, 2, 3]);
    assert.equal(await reader.database.refresh(), false);

    await writer.database.snapshot();
    await writer.database.commit([{ t: 'del', id: 1 }]);
    assert.equal(await reader.database.refresh(), true);
    assert.deepEqual(ids(reader.database.db), [2, 3]);

    await writer.database.close();
    assert.equal(await reader.database.refresh(), true, 'close() wrote a snapshot');
    assert.deepEqual(ids(reader.database.db), [2, 3]);
    await reader.database.close();
  });

  it('ignores a line the writer is still appending', async () => {
    const writer = await openItems(path);
    const reader = await openItems(path, { readOnly: true });
    assert.equal(reader.lockedBy?.pid, process.pid, 'an explicit read-only open still says who writes');
    await appendFile(writer.database.journalPath, '{"seq":1,"ops":[{"t":"add"');
    assert.equal(await reader.database.refresh(), false);
    assert.deepEqual(ids(reader.database.db), []);
    await reader.database.close();
    await writer.database.close();
  });

  it('opens read-only on request without taking the lock, even when nobody writes', async () => {
    const writer = await openItems(path);
    await writer.database.commit([add(1)]);
    await writer.database.close();
    const reader = await openItems(path, { readOnly: true });
    assert.equal(reader.readOnly, true);
    assert.equal(reader.lockedBy, undefined);
    assert.deepEqual(ids(reader.database.db), [1]);
    const writerAgain = await openItems(path);
    assert.equal(writerAgain.readOnly, false);
    await writerAgain.database.close();
    await reader.database.close();
  });
});
