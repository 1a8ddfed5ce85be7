import assert from 'node:assert/strict';
import type { UnitResult } from '../../../src/core/records/unitResult';
import { openMemoryStoreLog, ReadOnlyOpLogError } from '../helpers/memoryOpLog';
import { JobStateError, SecretInSettingsError, StoreNotFoundError } from '../../../src/core/store/storeErrors';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { dumpTables, newJob, openLog, openStore, result, steppingClock, writeAll } from './storeTestKit';

const summary = (overrides: Partial<Parameters<WorkspaceStore['finishJob']>[1]> = {}): Parameters<WorkspaceStore['finishJob']>[1] => ({
  status: 'completed',
  total: 3,
  elapsedMs: 1234.4,
  usage: { input_tokens: 100, output_tokens: 50, cached_tokens: 3 },
  ...overrides,
});

describe('WorkspaceStore jobs and records', () => {
  it('creates a running job with its snapshot, settings and timestamps from the clock', async () => {
    const { store } = await openStore();
    const job = await store.createJob(newJob());
    assert.equal(job.id, 1);
    assert.equal(job.status, 'running');
    assert.equal(job.startedAt, '2026-01-01T00:00:00.000Z');
    assert.equal(job.createdAt, job.startedAt);
    assert.deepEqual([job.total, job.generated, job.failed], [6, 0, 0]);
    assert.deepEqual(job.modelSettings, { default: { model: 'llama3', baseUrl: 'http://localhost:11434/v1' } });
    assert.equal(store.getJob(1)?.pipelineSnapshot.name, 'QA pairs');
    assert.equal(store.getJob(99), undefined);
  });

  it('refuses model settings holding a credential, naming the field', async () => {
    const { store } = await openStore();
    await assert.rejects(
      store.createJob(newJob({ modelSettings: { models: [{ name: 'gpt', apiKey: 'sk-123' }] } })),
      (e: unknown) => e instanceof SecretInSettingsError && e.message.includes('modelSettings.models[0].apiKey'),
    );
    assert.equal(store.listJobs().length, 0);
  });

  it('stores every result, failed ones as failed records, and keeps job totals current', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, [result(0, 0), result(1, 0, true), result(0, 1)]);
    const job = store.listJobs()[0];
    assert.deepEqual([job.generated, job.failed], [2, 1]);
    assert.deepEqual(job.usage, { input_tokens: 30, output_tokens: 15, cached_tokens: 3 });
    assert.deepEqual(store.statusCounts(id), { pending: 2, accepted: 0, rejected: 0, failed: 1, total: 3 });
    const failed = store.getRecord(2);
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.output, null);
    assert.match(failed?.error ?? '', /HTTP 500 for s1.r0/);
  });

  it('acknowledges a write only once the commit resolved (the record is then readable)', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    const write = store.recordSink(id).write(result(0, 0));
    assert.equal(store.statusCounts(id).total, 0);
    await write;
    assert.equal(store.statusCounts(id).total, 1);
  });

  it('stores a unit key once: a resumed run writing it again adds nothing', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    const sink = store.recordSink(id);
    await Promise.all([sink.write(result(0, 0)), sink.write(result(0, 0))]);
    await sink.write(result(0, 0));
    await store.recordSink(id).write(result(0, 0, true));
    assert.equal(store.statusCounts(id).total, 1);
    assert.equal(store.listJobs()[0].generated, 1);
    assert.deepEqual([...store.doneKeys(id)], ['s0.r0']);
  });

  it('replaces a failed record when its unit is retried, and a failed seed by its chunks', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    const seedFailure: UnitResult = { ...result(2, 0, true), key: 's2', repetition: undefined };
    await writeAll(store, id, [result(0, 0), result(1, 0, true), seedFailure]);
    assert.deepEqual([...store.failedKeys(id)].sort(), ['s1.r0', 's2']);
    const chunk: UnitResult = { ...result(2, 0), key: 's2.c0', repetition: undefined, chunkIndex: 0 };
    await writeAll(store, id, [result(1, 0), chunk]);
    assert.deepEqual(store.failedKeys(id), new Set());
    assert.deepEqual([...store.doneKeys(id)].sort(), ['s0.r0', 's1.r0', 's2.c0']);
    const job = store.listJobs()[0];
    assert.deepEqual([job.generated, job.failed], [3, 0]);
    // Tokens of the failed attempts were spent: they stay in the job's usage.
    assert.equal(job.usage.input_tokens, 50);
  });

  it('finishes a job with the run summary, and refuses to finish it twice', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    const done = await store.finishJob(id, summary({ status: 'stopped', reason: 'max_total_tokens exceeded' }));
    assert.equal(done.status, 'stopped');
    assert.equal(done.error, 'max_total_tokens exceeded');
    assert.equal(done.elapsedMs, 1234);
    assert.equal(done.total, 3);
    assert.deepEqual(done.usage, { input_tokens: 100, output_tokens: 50, cached_tokens: 3 });
    assert.equal(done.finishedAt, '2026-01-01T00:00:01.000Z');
    await assert.rejects(store.finishJob(id, summary()), JobStateError);
    await assert.rejects(store.finishJob(42, summary()), StoreNotFoundError);
  });

  it('marks jobs left running as interrupted, and reopens one with what is done', async () => {
    const { store } = await openStore();
    const a = await store.createJob(newJob());
    const b = await store.createJob(newJob());
    await store.finishJob(b.id, summary());
    await writeAll(store, a.id, [result(0, 0), result(0, 1, true)]);
    assert.deepEqual(await store.markInterrupted(), [a.id]);
    assert.deepEqual(await store.markInterrupted(), []);
    const job = store.getJob(a.id);
    assert.equal(job?.status, 'interrupted');
    assert.match(job?.error ?? '', /Resume the job/);
    const plan = await store.reopenJob(a.id);
    assert.equal(plan.job.status, 'running');
    assert.equal(plan.job.error, null);
    assert.deepEqual([...plan.doneKeys], ['s0.r0']);
    assert.deepEqual(plan.previousUsage, { input_tokens: 20, output_tokens: 10, cached_tokens: 2 });
    await assert.rejects(store.reopenJob(a.id), /already running/);
  });

  it('lists jobs newest first', async () => {
    const { store } = await openStore();
    for (const name of ['a', 'b', 'c']) await store.createJob(newJob({ pipelineName: name }));
    assert.deepEqual(store.listJobs().map((j) => [j.id, j.pipelineName]), [[3, 'c'], [2, 'b'], [1, 'a']]);
  });

  it('deletes a job with its records, failures and review actions, and never reuses its ids', async () => {
    const { store, log } = await openStore();
    const keep = await store.createJob(newJob());
    await writeAll(store, keep.id, [result(0, 0)]);
    await store.finishJob(keep.id, summary());
    const gone = await store.createJob(newJob());
    await writeAll(store, gone.id, [result(0, 0), result(0, 1), result(1, 0, true)]);
    await store.setStatus([2], 'accepted');
    await store.editRecord(3, { answer: 'edited' });
    await assert.rejects(store.deleteJob(gone.id), (e: unknown) => e instanceof JobStateError && /still running/.test(e.message));
    await store.finishJob(gone.id, summary());
    assert.deepEqual(await store.deleteJob(gone.id), { records: 3 });
    assert.equal(store.getJob(gone.id), undefined);
    assert.deepEqual(log.db.exec('SELECT job_id, COUNT(*) FROM records GROUP BY job_id')[0].values, [[keep.id, 1]]);
    assert.equal(log.db.exec('SELECT COUNT(*) FROM review_actions')[0].values[0][0], 0);
    await assert.rejects(store.deleteJob(gone.id), StoreNotFoundError);
    // A store opened later on the same database starts past the deleted ids.
    const reopened = new WorkspaceStore(log, { clock: steppingClock() });
    const next = await reopened.createJob(newJob());
    await writeAll(reopened, next.id, [result(0, 0)]);
    assert.equal(next.id, 3);
    assert.equal(reopened.pageRecords(next.id, { order: 'newest', offset: 0, limit: 1 })[0].id, 5);
  });

  it('keeps a field layout per pipeline', async () => {
    const { store } = await openStore();
    assert.equal(store.getFieldLayout('pipelines/qa.dgf.json'), undefined);
    await store.setFieldLayout('pipelines/qa.dgf.json', { primary: ['answer'], secondary: ['question'], hidden: ['_raw'] });
    await store.setFieldLayout('pipelines/qa.dgf.json', { primary: ['question'], secondary: ['answer'], hidden: [] });
    assert.deepEqual(store.getFieldLayout('pipelines/qa.dgf.json'), { primary: ['question'], secondary: ['answer'], hidden: [] });
  });

  it('applies ops deterministically: replaying the committed ops on an empty database gives the same tables', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, [result(0, 0), result(0, 1), result(1, 0, true), result(1, 0)]);
    await store.setStatus([1, 2], 'accepted');
    await store.editRecord(1, { answer: 'better' });
    await store.undoLastAction(id);
    await store.finishJob(id, summary());
    await store.setFieldLayout('k', { primary: [], secondary: [], hidden: [] });
    const replay = await openLog();
    for (const batch of log.batches) await replay.commit(batch);
    assert.deepEqual(dumpTables(replay.db), dumpTables(log.db));
  });

  it('rejects writes on a read-only log', async () => {
    const log = await openMemoryStoreLog({ readOnly: true });
    const store = new WorkspaceStore(log);
    assert.equal(store.readOnly, true);
    await assert.rejects(store.createJob(newJob()), ReadOnlyOpLogError);
  });
});
