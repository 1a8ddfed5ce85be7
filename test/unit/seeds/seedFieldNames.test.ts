import assert from 'node:assert/strict';
import { seedFieldNames } from '../../../src/core/seeds/seedFieldNames';

describe('seedFieldNames', () => {
  it('gives the union of the seeds metadata keys, first seen first, and nothing nested deeper', async () => {
    const text = JSON.stringify([
      { repetitions: 2, metadata: { topic: 'tea', level: 1, extra: { inner: 1 } } },
      { metadata: { topic: 'rivers', audience: 'kids', list: [{ deep: 1 }] } },
    ]);
    assert.deepEqual(await seedFieldNames(text, 'seeds.json'), { ok: true, fileName: 'seeds.json', fields: ['topic', 'level', 'extra', 'audience', 'list'], seeds: 2 });
  });

  it('reads a single seed object and a byte order mark', async () => {
    const result = await seedFieldNames('\ufeff{"metadata": {"a": 1, "b": "{\\"x\\": 2}"}}', 'one.json');
    assert.deepEqual(result, { ok: true, fileName: 'one.json', fields: ['a', 'b'], seeds: 1 });
  });

  it('gives file_content for a Markdown seed without reading it', async () => {
    assert.deepEqual(await seedFieldNames('# Title', 'doc.md'), { ok: true, fileName: 'doc.md', fields: ['file_content'], seeds: 1 });
  });

  it('says why for a malformed or empty file', async () => {
    for (const text of ['[{"metadata": {"a": 1}', '[{"metadata": {"a": 1}}]]', '{"metadata": {"a": tru}}', '']) {
      const result = await seedFieldNames(text, 'bad.json');
      assert.equal(result.ok, false, text);
      assert.match(result.ok ? '' : result.reason, /bad\.json is not valid JSON/);
    }
    const empty = await seedFieldNames('[]', 'empty.json');
    assert.deepEqual(empty, { ok: false, fileName: 'empty.json', reason: 'empty.json holds no seeds' });
  });

  it('yields between slices of a large file, and stops when its signal fires', async () => {
    const seeds = Array.from({ length: 5000 }, (_, i) => ({ metadata: { [`f${i % 7}`]: i } }));
    const text = JSON.stringify(seeds);
    let clock = 0;
    let yields = 0;
    const result = await seedFieldNames(text, 'big.json', { now: () => clock++, sliceMs: 1, yieldNow: async () => void yields++ });
    assert.equal(result.ok && result.seeds, 5000);
    assert.ok(yields > 3, `yielded ${yields} times`);
    const controller = new AbortController();
    const stopped = seedFieldNames(text, 'big.json', { now: () => clock++, sliceMs: 1, signal: controller.signal, yieldNow: async () => controller.abort(new Error('changed')) });
    await assert.rejects(stopped, /changed/);
  });
});
