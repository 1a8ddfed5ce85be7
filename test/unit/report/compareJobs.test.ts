import assert from 'node:assert/strict';
import { compareJobs } from '../../../src/core/report/compareJobs';
import { CompareSeedsMismatchError } from '../../../src/core/report/reportErrors';
import { openStore } from '../store/storeTestKit';
import { addJob, failedUnit, unit } from './reportFixture';

describe('compare jobs', () => {
  it('matches units by key, ranks better and worse units on the metric, diffs changed outputs and overlays distributions', async () => {
    const { store } = await openStore();
    const a = await addJob(store, [
      unit(0, 0, { answer: 'The sky is blue.', rating: { score: 2 } }),
      unit(0, 1, { answer: 'Grass is green.', rating: { score: 4 } }),
      unit(1, 0, { answer: 'Water is wet.', rating: { score: 3 } }),
      unit(2, 0, { answer: 'Only in A.', rating: { score: 1 } }),
    ]);
    const b = await addJob(store, [
      unit(0, 0, { answer: 'The sky is deep blue.', rating: { score: 5 } }),
      unit(0, 1, { answer: 'Grass is green.', rating: { score: 4 } }),
      unit(1, 0, { answer: 'Water is dry.', rating: { score: 1 } }),
      failedUnit(3, 0, 'HTTP 500'),
    ]);
    const c = await compareJobs(store, a, b);
    assert.equal(c.metric, 'rating.score');
    assert.deepEqual(c.metrics, ['rating.score']);
    assert.deepEqual(c.units, { both: 3, onlyA: 1, onlyB: 1, better: 1, worse: 1, same: 1, changed: 2 });
    assert.deepEqual(c.better.map((u) => [u.unitKey, u.a?.metric, u.b?.metric, u.delta]), [['s0.r0', 2, 5, 3]]);
    assert.deepEqual(c.worse.map((u) => [u.unitKey, u.delta]), [['s1.r0', -2]]);
    const skyDiff = c.better[0].diffs.find((d) => d.field === 'answer');
    assert.deepEqual(skyDiff?.parts.filter((p) => p.kind !== 'same').map((p) => [p.kind, p.text.trim()]), [['added', 'deep']]);
    assert.deepEqual(c.changed.map((u) => u.unitKey), ['s0.r0', 's1.r0']);
    assert.deepEqual(c.changed[1].diffs.map((d) => d.field).sort(), ['answer', 'rating']);
    assert.deepEqual([c.a.records, c.a.failed, c.b.records, c.b.failed], [4, 0, 4, 1]);
    const overlay = c.overlays.find((o) => o.field === 'rating.score' && o.kind === 'score');
    assert.ok(overlay);
    assert.deepEqual([overlay.a.min, overlay.a.max, overlay.b.min, overlay.b.max], [1, 5, 1, 5], 'one axis for both jobs');
    assert.equal(overlay.a.counts.reduce((s, n) => s + n, 0), 4);
    assert.equal(overlay.b.counts.reduce((s, n) => s + n, 0), 3);
    assert.ok(c.overlays.some((o) => o.field === 'answer' && o.kind === 'tokens'));
  });

  it('progress counts the records of both jobs and ends at its total, also when the jobs differ in size', async () => {
    const { store } = await openStore();
    const a = await addJob(store, [unit(0, 0, { x: 'a' }), unit(1, 0, { x: 'a' }), unit(2, 0, { x: 'a' })]);
    const b = await addJob(store, [unit(0, 0, { x: 'b' })]);
    const seen: { done: number; total: number }[] = [];
    await compareJobs(store, a, b, { onProgress: (p) => seen.push(p) });
    assert.deepEqual(seen.at(-1), { done: 4, total: 4 }, 'a terminal progress line ends (and ends its line) when the scan does');
  });

  it('ranks on another metric when asked', async () => {
    const { store } = await openStore();
    const a = await addJob(store, [unit(0, 0, { score: 1, length: 10 }), unit(1, 0, { score: 1, length: 10 })]);
    const b = await addJob(store, [unit(0, 0, { score: 1, length: 3 }), unit(1, 0, { score: 1, length: 30 })]);
    const c = await compareJobs(store, a, b, { metric: 'length' });
    assert.equal(c.metric, 'length');
    assert.deepEqual(c.metrics, ['length', 'score']);
    assert.deepEqual([c.units.better, c.units.worse], [1, 1]);
    assert.deepEqual([c.better[0].unitKey, c.worse[0].unitKey], ['s1.r0', 's0.r0']);
  });

  it('refuses two jobs of different seed files, or of a seed file that changed, with a clear message', async () => {
    const { store } = await openStore();
    const a = await addJob(store, [unit(0, 0, { x: 'a' })]);
    const b = await addJob(store, [unit(0, 0, { x: 'b' })], { seedsPath: 'seeds/other.json' });
    const changed = await addJob(store, [unit(0, 0, { x: 'b' })], { seedsHash: 'sha256:changed' });
    await assert.rejects(compareJobs(store, a, b), (e: unknown) => e instanceof CompareSeedsMismatchError && /Job 1 ran over seeds\/topics\.json and job 2 over seeds\/other\.json: only jobs of the same seed file can be compared/.test(e.message));
    await assert.rejects(compareJobs(store, a, changed), /The seed file seeds\/topics\.json changed between job 1 and job 3/);
    await assert.rejects(compareJobs(store, a, 99), /There is no job 99/);
  });
});
