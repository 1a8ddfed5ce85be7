import assert from 'node:assert/strict';
import type { BlockOutput } from '../../../src/core/blocks/blockTypes';
import { duplicateRemover } from '../../../src/core/blocks/duplicateRemover';
import { cosine, maxCosine, topSimilar } from '../../../src/core/blocks/vectorMath';
import { BlockExecutionError, LlmError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';
import { EMBED_USAGE, runBlockWithSignal, ScriptedEmbeddingLlm, vectorsByText } from '../helpers/scriptedEmbeddings';

type Row = Record<string, unknown>;

// Crafted so the cosines are known: near↔seed 0.9, twin a↔twin b 0.8, twin b↔lonely 0.6, the rest 0.
const VECTORS = vectorsByText({
  'the seed': [1, 0, 0, 0],
  'near the seed': [0.9, Math.sqrt(0.19), 0, 0],
  'twin a': [0, 0, 1, 0],
  'twin b': [0, 0, 0.8, 0.6],
  lonely: [0, 0, 0, 1],
});
const SEEDS = [{ description: 'the seed', price: 1 }];
const SAMPLES: Row[] = [
  { description: 'near the seed', price: 2, _hints: { exemplars: [] } },
  { description: 'twin a', price: 3 },
  { description: 'twin b', price: 4 },
  { description: 'lonely', price: 5 },
];

async function check(config: Record<string, unknown>, state: Record<string, unknown>, llm = new ScriptedEmbeddingLlm(undefined, VECTORS)) {
  const result = (await runBlock(duplicateRemover, config, state, llm)) as BlockOutput;
  return { rows: result.output.generated_samples as Row[], output: result.output, usage: result.usage, llm };
}

const summary = (rows: Row[]) => rows.map((r) => [r.description, r.similarity_to_seeds, r.similarity_to_generated, r.is_duplicate]);

describe('DuplicateRemover', () => {
  it('scores each sample against the seeds and the other samples; duplicate at or above the threshold', async () => {
    const { rows, usage, llm } = await check({ comparison_fields: ['description'] }, { samples: SAMPLES, _seed_samples: SEEDS });
    assert.deepEqual(summary(rows), [
      ['near the seed', 0.9, 0, true],
      ['twin a', 0, 0.8, false],
      ['twin b', 0, 0.8, false],
      ['lonely', 0, 0.6, false],
    ]);
    // Internal keys such as _hints are dropped; the record's own fields stay.
    assert.deepEqual(rows[0], { description: 'near the seed', price: 2, similarity_to_seeds: 0.9, similarity_to_generated: 0, is_duplicate: true });
    // One batched call for the samples, one for the seeds.
    assert.deepEqual(llm.embedRequests.map((r) => r.input), [['near the seed', 'twin a', 'twin b', 'lonely'], ['the seed']]);
    assert.deepEqual(usage, { ...EMBED_USAGE, input_tokens: 2 * EMBED_USAGE.input_tokens });

    const strict = await check({ comparison_fields: ['description'], similarity_threshold: 0.8, embedding_model: 'emb' }, { samples: SAMPLES, _seed_samples: SEEDS });
    assert.deepEqual(strict.rows.map((r) => r.is_duplicate), [true, true, true, false]);
    assert.ok(strict.llm.embedRequests.every((r) => r.model === 'emb'));
    const lax = await check({ comparison_fields: ['description'], similarity_threshold: 0.95 }, { samples: SAMPLES, _seed_samples: SEEDS });
    assert.deepEqual(lax.rows.map((r) => r.is_duplicate), [false, false, false, false]);
  });

  it('rounds similarities to 4 decimals', async () => {
    const llm = new ScriptedEmbeddingLlm(undefined, vectorsByText({ s: [1, 0], a: [1, 2], b: [2, 1] }));
    const { rows } = await check({}, { samples: [{ t: 'a' }, { t: 'b' }], _seed_samples: [{ t: 's' }] }, llm);
    // cos(a, s) = 1/√5 = 0.44721…, cos(a, b) = 4/5
    assert.deepEqual(summary(rows.map((r) => ({ ...r, description: r.t }))), [['a', 0.4472, 0.8, false], ['b', 0.8944, 0.8, true]]);
  });

  it('compares the chosen fields, or every non-empty text field when none are chosen', async () => {
    const samples = [{ title: 'T', description: 'D', price: 3, _note: 'internal' }];
    const seeds = [{ title: 'S', empty: '' }];
    const all = await check({}, { samples, _seed_samples: seeds });
    assert.deepEqual(all.llm.embedRequests.map((r) => r.input), [['T D'], ['S']]);
    const chosen = await check({ comparison_fields: '{{ cf | tojson }}' }, { samples, _seed_samples: seeds, cf: ['price', 'description'] });
    assert.deepEqual(chosen.llm.embedRequests[0].input, ['3 D']);
    assert.deepEqual(duplicateRemover.requiredFields({ comparison_fields: '{{ cf | tojson }}' }), ['cf', 'samples']);
  });

  it('without _seed_samples, compares the samples with each other, never a sample with itself', async () => {
    const { rows, llm } = await check({}, { samples: SAMPLES.slice(1) });
    assert.deepEqual(summary(rows), [
      ['twin a', 0.8, 0.8, false],
      ['twin b', 0.8, 0.8, false],
      ['lonely', 0.6, 0.6, false],
    ]);
    assert.equal(llm.embedRequests.length, 1);
  });

  it('a sample with no text to compare is not embedded and scores 0', async () => {
    const { rows, llm } = await check({ comparison_fields: ['description'] }, { samples: [{ description: '' }, SAMPLES[1], SAMPLES[2]], _seed_samples: SEEDS });
    assert.deepEqual(summary(rows), [['', 0, 0, false], ['twin a', 0, 0.8, false], ['twin b', 0, 0.8, false]]);
    assert.deepEqual(llm.embedRequests[0].input, ['twin a', 'twin b']);
  });

  it('an embedding failure flags nothing and records the error instead of failing the record', async () => {
    const llm = new ScriptedEmbeddingLlm(undefined, () => new LlmError('connection', 'embedding server unreachable'));
    const { rows, output } = await check({}, { samples: SAMPLES, _seed_samples: SEEDS }, llm);
    assert.ok(rows.every((r) => r.similarity_to_seeds === 0 && r.similarity_to_generated === 0 && r.is_duplicate === false));
    assert.equal(rows.length, 4);
    assert.equal(output._duplicate_remover_error, 'embedding failed, no sample flagged: embedding server unreachable');
    const wrongCount = new ScriptedEmbeddingLlm(undefined, () => [[1, 0]]);
    const r2 = await check({}, { samples: SAMPLES, _seed_samples: SEEDS }, wrongCount);
    assert.match(String(r2.output._duplicate_remover_error), /returned 1 vectors for 4 texts/);
  });

  it('cancellation is not degraded: an aborted run propagates', async () => {
    const controller = new AbortController();
    const llm = new ScriptedEmbeddingLlm(undefined, (r) => {
      controller.abort();
      return r.input.map(() => [1, 0]);
    });
    await assert.rejects(
      runBlockWithSignal(duplicateRemover, {}, { samples: SAMPLES, _seed_samples: SEEDS }, llm, controller.signal),
      (e: unknown) => e instanceof LlmError && e.kind === 'aborted',
    );
  });

  it('fails without samples', async () => {
    for (const state of [{}, { samples: [] }, { samples: ['text'] }]) {
      await assert.rejects(check({}, state), (e: unknown) => e instanceof BlockExecutionError && /no samples to check/.test(e.message));
    }
  });

  it('vector helpers: cosine, max and top-N similarity', () => {
    assert.equal(cosine([1, 0], [0, 1]), 0);
    assert.equal(cosine([0, 0], [1, 1]), 0);
    assert.ok(Math.abs(cosine([1, 2], [2, 4]) - 1) < 1e-12);
    assert.throws(() => cosine([1], [1, 2]), /dimensions differ: 1 vs 2/);
    assert.equal(maxCosine([1, 0], []), 0);
    // The maximum, even when every similarity is negative.
    assert.ok(Math.abs(maxCosine([1, 0], [[-1, 0], [-1, -1]]) + Math.SQRT1_2) < 1e-12);
    assert.deepEqual(topSimilar([1, 0], [[0, 1], [1, 0], [1, 1]], 2).map((s) => s.index), [1, 2]);
  });
});
