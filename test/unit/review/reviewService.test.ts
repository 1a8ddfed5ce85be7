import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReviewService, ReviewTargetError } from '../../../src/core/review/reviewService';
import { StoreNotFoundError } from '../../../src/core/store/storeErrors';
import { ReviewRuleError } from '../../../src/core/store/storeErrors';
import { reviewStore } from './reviewFixture';

describe('ReviewService', () => {
  it('lists jobs with records, opens a job with counts, fields and the default layout', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const jobs = await service.jobs();
    assert.deepEqual(jobs.map((j) => [j.id, j.records, j.status]), [[jobId, 12, 'completed']]);
    const view = await service.openJob(jobId);
    assert.deepEqual(view.counts, { pending: 11, accepted: 0, rejected: 0, failed: 1, total: 12 });
    // Block outputs only: the seed's `topic` and the internal `_raw` are not fields.
    assert.deepEqual(view.fields, ['question', 'answer', 'score', 'rating']);
    assert.deepEqual(view.layout, { primary: ['question'], secondary: ['answer', 'score', 'rating'], hidden: [] });
    assert.equal(view.job.running, false);
    assert.equal(view.job.elapsedMs, 5000);
    // camelCase on the wire: the store's snake_case token columns are mapped at the edge.
    assert.deepEqual(view.job.usage, { inputTokens: 100, outputTokens: 50, cachedTokens: 0 });
    await assert.rejects(service.openJob(999), StoreNotFoundError);
  });

  it('pages a filter in unit order, clamps the offset, and reads one record with its trace and derived states', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const page = await service.page({ jobId, status: 'pending', offset: 4 }, 4);
    assert.equal(page.offset, 4);
    assert.equal(page.total, 11);
    assert.deepEqual(page.rows.map((r) => r.unitKey), ['s2.r1', 's3.r0', 's3.r1', 's4.r0']);
    assert.deepEqual(Object.keys(page.rows[0].fields), ['question', 'answer', 'score', 'rating']);
    const last = await service.page({ jobId, status: 'pending', offset: 500 }, 4);
    assert.equal(last.offset, 8);
    assert.equal(last.rows.length, 3);

    const at = await service.recordAt({ jobId, status: 'pending', offset: 99 });
    assert.equal(at.offset, 10);
    assert.equal(at.record?.unitKey, 's5.r1');
    const first = await service.recordAt({ jobId, status: 'pending', offset: 0 });
    const steps = first.record?.trace ?? [];
    assert.deepEqual(steps.map((s) => [s.blockId, s.offsetMs, s.durationMs]), [['q', 0, 12], ['a', 12, 30]]);
    // The state after each block: seed metadata, then each output merged in order.
    assert.deepEqual(steps[0].stateAfter, { topic: 'topic 0', question: 'Q s0.r0' });
    assert.deepEqual(steps[1].stateAfter, { topic: 'topic 0', question: 'Q s0.r0', answer: 'A s0.r0' });
    assert.deepEqual(first.record?.metadata, { topic: 'topic 0' });
    assert.deepEqual(Object.keys(first.record?.usage ?? {}), ['inputTokens', 'outputTokens', 'cachedTokens']);

    const failed = await service.recordAt({ jobId, status: 'failed', offset: 0 });
    assert.equal(failed.record?.unitKey, 's1.r1');
    assert.match(failed.record?.error ?? '', /HTTP 500/);
    assert.equal(failed.record?.trace[1].error, 'HTTP 500');
    const empty = await service.recordAt({ jobId, status: 'accepted', offset: 3 });
    assert.deepEqual(empty, { record: null, offset: 0, total: 0 });
  });

  it('sets a status, answers with the next record of the filter, bulk-changes, and undoes in reverse order', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const first = (await service.recordAt({ jobId, status: 'pending', offset: 0 })).record;
    assert.ok(first);
    const r = await service.setStatus(jobId, [first.id], 'accepted', { jobId, status: 'pending', offset: 0 });
    assert.equal(r.changed, 1);
    assert.deepEqual([r.counts.pending, r.counts.accepted], [10, 1]);
    assert.equal(r.next?.record?.unitKey, 's0.r1');
    const page = await service.page({ jobId, status: 'pending', offset: 0 }, 3);
    const bulk = await service.setStatus(jobId, page.rows.map((row) => row.id), 'rejected');
    assert.equal(bulk.changed, 3);
    assert.deepEqual([bulk.counts.pending, bulk.counts.rejected], [7, 3]);

    const undoBulk = await service.undo(jobId);
    assert.deepEqual(undoBulk.undone, { kind: 'status', recordIds: page.rows.map((row) => row.id) });
    assert.deepEqual([undoBulk.counts.pending, undoBulk.counts.rejected], [10, 0]);
    const undoFirst = await service.undo(jobId);
    assert.deepEqual(undoFirst.undone?.recordIds, [first.id]);
    assert.equal(undoFirst.counts.pending, 11);
    assert.deepEqual((await service.undo(jobId)).undone, null);
  });

  it('refuses records of another job and review of failed executions', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const failed = (await service.recordAt({ jobId, status: 'failed', offset: 0 })).record;
    assert.ok(failed);
    await assert.rejects(service.setStatus(jobId + 1, [failed.id], 'accepted'), StoreNotFoundError);
    await assert.rejects(service.setStatus(jobId, [failed.id, 9999], 'accepted'), (e: unknown) => e instanceof ReviewTargetError && /^Record\(s\) 9999 are not records of job/.test(e.message));
    await assert.rejects(service.setStatus(jobId, [failed.id], 'accepted'), ReviewRuleError);
  });

  it('edits block outputs keeping the original, refuses metadata edits, undoes the edit', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const record = (await service.recordAt({ jobId, status: 'pending', offset: 0 })).record;
    assert.ok(record);
    const { record: edited } = await service.edit(jobId, record.id, { answer: 'A better answer', rating: { generated: { confidence: 1 } } });
    assert.equal(edited.edited, true);
    assert.equal(edited.fields.answer, 'A better answer');
    assert.equal(edited.originalFields?.answer, 'A s0.r0');
    // The trace still shows what the block produced.
    assert.deepEqual(edited.trace[1].output, { answer: 'A s0.r0' });
    const diff = await service.diffTexts(record.id);
    assert.match(diff.original, /"answer": "A s0.r0"/);
    assert.match(diff.edited, /"answer": "A better answer"/);
    await assert.rejects(service.edit(jobId, record.id, { topic: 'changed' }), ReviewRuleError);
    const undone = await service.undo(jobId);
    assert.equal(undone.undone?.kind, 'edit');
    const back = await service.record(jobId, record.id);
    assert.equal(back.edited, false);
    assert.equal(back.fields.answer, 'A s0.r0');
  });

  it('charts numeric fields over the whole job: one bar per integer value, ten bins for fractions', async () => {
    const { store, jobId } = await reviewStore(10);
    const service = new ReviewService(() => store);
    const charts = await service.charts(jobId);
    assert.deepEqual(charts.map((c) => c.field), ['score', 'rating.generated.confidence']);
    const score = charts[0];
    // 19 succeeded records: seeds 0..9 × 2 minus s1.r1; score = seed % 5 + 1.
    assert.equal(score.count, 19);
    assert.deepEqual(score.bins.map((b) => [b.label, b.count]), [['1', 4], ['2', 3], ['3', 4], ['4', 4], ['5', 4]]);
    const confidence = charts[1];
    assert.equal(confidence.bins.length, 10);
    assert.equal(confidence.bins.reduce((n, b) => n + b.count, 0), 19);
    assert.ok(confidence.min >= 0.1 && confidence.max <= 0.9);
    // An edit changes the values: the chart follows.
    const first = (await service.recordAt({ jobId, status: 'pending', offset: 0 })).record;
    assert.ok(first);
    await service.edit(jobId, first.id, { score: 5 });
    const after = (await service.charts(jobId))[0];
    assert.deepEqual(after.bins.map((b) => b.count), [3, 3, 4, 4, 5]);
  });

  it('saves the field layout per pipeline and appends fields it does not mention', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const saved = await service.setLayout(jobId, { primary: ['answer'], secondary: ['question'], hidden: ['rating'] });
    assert.deepEqual(saved, { primary: ['answer'], secondary: ['question', 'score'], hidden: ['rating'] });
    assert.deepEqual((await service.openJob(jobId)).layout, saved);
  });

  it('exports the job scoped to the filter, and deletes the job with its records', async () => {
    const { store, jobId } = await reviewStore();
    const service = new ReviewService(() => store);
    const dir = mkdtempSync(join(tmpdir(), 'dgf-review-'));
    try {
      const page = await service.page({ jobId, status: 'pending', offset: 0 }, 2);
      await service.setStatus(jobId, page.rows.map((r) => r.id), 'accepted');
      const accepted = await service.exportTo(jobId, 'accepted', join(dir, 'accepted.jsonl'));
      assert.equal(accepted.count, 2);
      const lines = readFileSync(accepted.path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; status: string; accumulated_state: Record<string, unknown> });
      assert.deepEqual(lines.map((l) => [l.id, l.status]), page.rows.map((r) => [r.id, 'accepted']));
      assert.equal(Object.hasOwn(lines[0].accumulated_state, 'topic'), false);
      const failed = await service.exportTo(jobId, 'failed', join(dir, 'failed.jsonl'));
      assert.equal(failed.count, 1);
      assert.deepEqual(await service.deleteJob(jobId), { records: 12 });
      assert.deepEqual(await service.jobs(), []);
      assert.equal(await service.jobSummary(jobId), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
