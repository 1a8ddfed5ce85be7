import assert from 'node:assert/strict';
import { SecretInSettingsError, StoreNotFoundError } from '../../../src/core/store/storeErrors';
import type { RecordDetail } from '../../../src/core/store/storeTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { dumpTables, newJob, openLog, openStore, result, writeAll } from './storeTestKit';

async function collect(records: AsyncIterable<RecordDetail>): Promise<RecordDetail[]> {
  const out: RecordDetail[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe('job metadata and the job record stream', () => {
  it('setJobMetadata merges shallowly, durably: a replay of the journal gives the same job', async () => {
    const { store, log } = await openStore();
    const job = await store.createJob(newJob({ metadata: { note: 'kept', langfuse: { status: 'uploading', items: 1 } } }));
    const merged = await store.setJobMetadata(job.id, { langfuse: { status: 'uploaded', uploaded: true }, extra: 1, gone: undefined });
    assert.deepEqual(merged, { note: 'kept', langfuse: { status: 'uploaded', uploaded: true }, extra: 1 }, 'top-level keys replaced, not deep-merged');
    await Promise.all([store.setJobMetadata(job.id, { a: 1 }), store.setJobMetadata(job.id, { b: 2 })]);
    assert.deepEqual(store.getJob(job.id)?.metadata, { note: 'kept', langfuse: { status: 'uploaded', uploaded: true }, extra: 1, a: 1, b: 2 }, 'concurrent patches both land');

    const replay = await openLog();
    for (const batch of log.batches) await replay.commit(batch);
    assert.deepEqual(dumpTables(replay.db), dumpTables(store.db));
  });

  it('setJobMetadata refuses unknown jobs and credential-named fields', async () => {
    const { store } = await openStore();
    await assert.rejects(store.setJobMetadata(42, { a: 1 }), StoreNotFoundError);
    const job = await store.createJob(newJob());
    await assert.rejects(store.setJobMetadata(job.id, { langfuse: { secret: 'sk-lf-1' } }), SecretInSettingsError);
    assert.deepEqual(store.getJob(job.id)?.metadata, {});
  });

  it('a metadata op for a deleted job is a no-op (replay safety)', async () => {
    const { store } = await openStore();
    const job = await store.createJob(newJob());
    await store.opLog.commit([{ t: 'job.delete', id: job.id }]);
    await store.opLog.commit([{ t: 'job.metadata', id: job.id, patch: { a: 1 } }]);
    assert.equal(store.getJob(job.id), undefined);
  });

  it('jobRecords streams every record of the job in unit order across batches, with traces', async () => {
    const { store } = await openStore();
    const job = await store.createJob(newJob({ total: 7 }));
    const other = await store.createJob(newJob());
    // Completion order differs from unit order, as with concurrent units.
    await writeAll(store, job.id, [result(2, 0), result(0, 1), result(1, 1, true), result(0, 0), result(1, 0), result(2, 1), result(0, 2)]);
    await writeAll(store, other.id, [result(0, 0)]);
    const records = await collect(store.jobRecords(job.id, 2));
    assert.deepEqual(records.map((r) => r.unitKey), ['s0.r0', 's0.r1', 's0.r2', 's1.r0', 's1.r1', 's2.r0', 's2.r1']);
    assert.ok(records.every((r) => r.jobId === job.id));
    assert.deepEqual(records[0], store.getRecord(records[0].id), 'the same record getRecord reads, trace decoded');
    assert.equal(records[0].trace.length, 2);
    assert.equal(records.find((r) => r.unitKey === 's1.r1')?.status, 'failed');
    assert.deepEqual(await collect(store.jobRecords(job.id)), records, 'default batch size, same sequence');
    assert.deepEqual(await collect(store.jobRecords(999)), []);
  });

  it('jobRecords reads the database afresh per batch: records added behind the cursor are not seen, ahead of it they are', async () => {
    const { store } = await openStore();
    const job = await store.createJob(newJob());
    await writeAll(store, job.id, [result(1, 0), result(3, 0)]);
    const seen: string[] = [];
    for await (const r of store.jobRecords(job.id, 1)) {
      seen.push(r.unitKey);
      if (r.unitKey === 's1.r0') await writeAll(store, job.id, [result(0, 0), result(2, 0)]);
    }
    assert.deepEqual(seen, ['s1.r0', 's2.r0', 's3.r0']);
  });

  it('setJobMetadata accepts a job in any state', async () => {
    const { store } = await openStore();
    const job = await store.createJob(newJob());
    await store.finishJob(job.id, { status: 'completed', total: 0, elapsedMs: 1, usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 } });
    await store.setJobMetadata(job.id, { done: true });
    assert.equal(store.getJob(job.id)?.status, 'completed');
    assert.deepEqual(new WorkspaceStore(store.opLog).getJob(job.id)?.metadata, { done: true });
  });
});
