import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DurableDatabase } from '../../../src/core/store/durableDatabase';
import { STORE_MIGRATIONS } from '../../../src/core/store/migrations';
import { prepareStoreConnection } from '../../../src/core/store/schema';
import { applyStoreOp } from '../../../src/core/store/storeOps';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import { TRACE_FORMAT_2 } from '../../../src/core/store/traceCodec';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { crashCopy, tempDir } from './durable/itemsStore';
import { newJob, openStore, result, steppingClock, writeAll } from './storeTestKit';

/*
 * Traces are stored sharing values with the record's output (traceCodec). These tests read them back through the
 * store: after edits (decoded against the output as generated), from databases holding format 1 blobs, and after a
 * reopen from the snapshot or from the journal.
 */

/** s0.r0, s0.r1, s1.r0 succeeded; s1.r1 failed (its trace ends with the failing block, null output). */
const RESULTS = [result(0, 0), result(0, 1), result(1, 0), result(1, 1, true)];

function traceBlob(db: import('sql.js').Database, id: number): Uint8Array {
  return db.exec('SELECT trace FROM records WHERE id = ?', [id])[0].values[0][0] as Uint8Array;
}

function assertTraces(store: WorkspaceStore): void {
  RESULTS.forEach((r, i) => assert.deepEqual(store.getRecord(i + 1)?.trace, r.trace, `trace of record ${i + 1}`));
}

describe('traces in the store', () => {
  it('stores shared values once: the trace blob of a record does not repeat its output', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, RESULTS);
    const blob = traceBlob(log.db, 1);
    assert.equal(blob[0], TRACE_FORMAT_2);
    const text = inflateRawSync(blob.subarray(1)).toString('utf8');
    assert.ok(!text.includes('A s0.r0') && !text.includes('Q s0.r0'), text);
    assertTraces(store);
  });

  it('decodes the trace of an edited record against the output as generated, through edits and undo', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, RESULTS);
    const trace = RESULTS[0].trace;
    await store.editRecord(1, { answer: 'edited answer', question: 'edited question' });
    assert.equal(store.getRecord(1)?.output?.answer, 'edited answer');
    assert.deepEqual(store.getRecord(1)?.trace, trace);
    await store.editRecord(1, { answer: 'second edit', extra: 'new field' });
    assert.deepEqual(store.getRecord(1)?.trace, trace);
    await store.undoLastAction(id);
    assert.deepEqual(store.getRecord(1)?.trace, trace);
    await store.undoLastAction(id);
    assert.equal(store.getRecord(1)?.edited, false);
    assert.deepEqual(store.getRecord(1)?.trace, trace);
    assertTraces(store);
  });

  it('reads records of an existing database whose traces are format 1 (raw deflate), edited or not', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, RESULTS);
    // As the previous version stored them.
    RESULTS.forEach((r, i) => log.db.run('UPDATE records SET trace = ? WHERE id = ?', [new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(r.trace)))), i + 1]));
    assertTraces(store);
    await store.editRecord(2, { answer: 'edited' });
    assertTraces(store);
    // A record stored now, next to them, uses format 2.
    await writeAll(store, id, [result(2, 0)]);
    assert.equal(traceBlob(log.db, 5)[0], TRACE_FORMAT_2);
    assert.deepEqual(store.getRecord(5)?.trace, result(2, 0).trace);
  });

  it('reads the same traces after a reopen from the journal (crash) and from the snapshot, edits included', async () => {
    const dir = await tempDir('dgf-trace-');
    const open = (path: string) => DurableDatabase.open<StoreOperation>({ path, migrations: STORE_MIGRATIONS, apply: applyStoreOp, prepareConnection: prepareStoreConnection, holder: 'unit test' });
    try {
      const { database } = await open(join(dir, 'w.db'));
      const store = new WorkspaceStore(database, { clock: steppingClock() });
      const { id } = await store.createJob(newJob());
      await writeAll(store, id, RESULTS);
      await store.editRecord(3, { answer: 'edited' });
      const replayed = await open(await crashCopy(dir, 'w.db'));
      assert.ok(replayed.replayed > 0, 'the copy was rebuilt from the journal');
      assertTraces(new WorkspaceStore(replayed.database));
      await replayed.database.close();
      await database.close();
      const reopened = await open(join(dir, 'w.db'));
      assert.equal(reopened.replayed, 0, 'closing wrote a snapshot');
      assertTraces(new WorkspaceStore(reopened.database));
      assert.equal(new WorkspaceStore(reopened.database).getRecord(3)?.output?.answer, 'edited');
      await reopened.database.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
