import assert from 'node:assert/strict';
import { ReviewRuleError, StoreNotFoundError } from '../../../src/core/store/storeErrors';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openStore, result, writeAll } from './storeTestKit';

/** Records 1-3 succeeded (s0.r0, s0.r1, s1.r0), record 4 failed (s1.r1). */
async function reviewedJob(): Promise<{ store: WorkspaceStore; jobId: number; rows: () => unknown[][] }> {
  const { store, log } = await openStore();
  const { id } = await store.createJob(newJob());
  await writeAll(store, id, [result(0, 0), result(0, 1), result(1, 0), result(1, 1, true)]);
  const rows = () => log.db.exec('SELECT id, status, output, edited, original_output, updated_at FROM records ORDER BY id')[0].values;
  return { store, jobId: id, rows };
}

describe('review actions', () => {
  it('changes a status and undoes it exactly, updated_at included', async () => {
    const { store, jobId, rows } = await reviewedJob();
    const before = rows();
    const actionId = await store.setStatus([2], 'accepted');
    const changed = store.getRecord(2);
    assert.equal(changed?.status, 'accepted');
    assert.notEqual(changed?.updatedAt, changed?.createdAt);
    assert.deepEqual(await store.undoLastAction(jobId), { actionId, kind: 'status', jobId, recordIds: [2] });
    assert.deepEqual(rows(), before);
    assert.equal(await store.undoLastAction(jobId), undefined);
  });

  it("changes many records at once and undoes them as one action, restoring each record's own status", async () => {
    const { store, jobId, rows } = await reviewedJob();
    await store.setStatus([1], 'rejected');
    const afterFirst = rows();
    await store.setStatus([1, 2, 3, 2], 'accepted');
    assert.deepEqual(store.statusCounts(jobId), { pending: 0, accepted: 3, rejected: 0, failed: 1, total: 4 });
    const undone = await store.undoLastAction(jobId);
    assert.deepEqual(undone?.recordIds, [1, 2, 3]);
    assert.deepEqual(rows(), afterFirst);
    assert.equal(store.getRecord(1)?.status, 'rejected');
  });

  it('walks back through several actions, newest first', async () => {
    const { store, jobId, rows } = await reviewedJob();
    const start = rows();
    await store.setStatus([1], 'accepted');
    await store.editRecord(1, { answer: 'one' });
    await store.setStatus([1], 'pending');
    assert.equal((await store.undoLastAction(jobId))?.kind, 'status');
    assert.equal((await store.undoLastAction(jobId))?.kind, 'edit');
    assert.equal((await store.undoLastAction(jobId))?.kind, 'status');
    assert.equal(await store.undoLastAction(jobId), undefined);
    assert.deepEqual(rows(), start);
  });

  it('records nothing when the status does not change', async () => {
    const { store, jobId } = await reviewedJob();
    assert.equal(await store.setStatus([1, 2], 'pending'), undefined);
    assert.equal(await store.setStatus([], 'accepted'), undefined);
    assert.equal(await store.undoLastAction(jobId), undefined);
  });

  it('refuses to accept a failed execution, and says so', async () => {
    const { store, jobId } = await reviewedJob();
    await assert.rejects(
      store.setStatus([1, 4], 'accepted'),
      (e: unknown) => e instanceof ReviewRuleError && e.code === 'review-failed-record' && /mark as accepted record\(s\) 4: they are failed executions/.test(e.message) && /Retry/.test(e.message),
    );
    await assert.rejects(store.setStatus([4], 'rejected'), ReviewRuleError);
    await assert.rejects(store.editRecord(4, { answer: 'x' }), ReviewRuleError);
    // Nothing of the refused bulk change was applied.
    assert.equal(store.getRecord(1)?.status, 'pending');
    assert.equal(store.getRecord(4)?.status, 'failed');
    assert.equal(await store.undoLastAction(jobId), undefined);
  });

  it('refuses unknown records and records of several jobs in one action', async () => {
    const { store, jobId } = await reviewedJob();
    const other = await store.createJob(newJob());
    await writeAll(store, other.id, [result(0, 0)]);
    await assert.rejects(store.setStatus([1, 999], 'accepted'), StoreNotFoundError);
    await assert.rejects(store.setStatus([1, 5], 'accepted'), (e: unknown) => e instanceof ReviewRuleError && /several jobs/.test(e.message));
    await store.setStatus([5], 'accepted');
    assert.equal(await store.undoLastAction(jobId), undefined, 'undo is per job');
    assert.equal((await store.undoLastAction(other.id))?.recordIds[0], 5);
  });

  it('edits output fields, keeps the first original, and undo restores the previous edit', async () => {
    const { store, jobId, rows } = await reviewedJob();
    const generated = store.getRecord(1)?.output;
    const beforeEdits = rows();
    await store.editRecord(1, { answer: 'first edit' });
    const afterFirst = rows();
    await store.editRecord(1, { answer: 'second edit', rating: 5 });
    const record = store.getRecord(1);
    assert.equal(record?.edited, true);
    assert.deepEqual(record?.output, { ...generated, answer: 'second edit', rating: 5 });
    assert.deepEqual(record?.originalOutput, generated);
    assert.equal(store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 1 })[0].edited, true);
    await store.undoLastAction(jobId);
    assert.deepEqual(rows(), afterFirst);
    assert.deepEqual(store.getRecord(1)?.originalOutput, generated);
    await store.undoLastAction(jobId);
    assert.deepEqual(rows(), beforeEdits);
    assert.equal(store.getRecord(1)?.edited, false);
  });

  it('refuses edits of seed metadata, internal fields, or nothing', async () => {
    const { store } = await reviewedJob();
    await assert.rejects(store.editRecord(1, { topic: 'other' }), (e: unknown) => e instanceof ReviewRuleError && /seed metadata/.test(e.message));
    await assert.rejects(store.editRecord(1, { _raw: 'x' }), (e: unknown) => e instanceof ReviewRuleError && /internal/.test(e.message));
    await assert.rejects(store.editRecord(1, {}), ReviewRuleError);
    await assert.rejects(store.editRecord(404, { answer: 'x' }), StoreNotFoundError);
    assert.equal(await store.editRecord(1, { answer: 'A s0.r0' }), undefined, 'same value: no action');
  });
});
