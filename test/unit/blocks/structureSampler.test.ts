import assert from 'node:assert/strict';
import type { BlockOutput } from '../../../src/core/blocks/blockTypes';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { dependencyOrder, learnProfile } from '../../../src/core/blocks/samplerStatistics';
import { mulberry32, sampleWithoutReplacement } from '../../../src/core/blocks/seededRandom';
import { structureSampler } from '../../../src/core/blocks/structureSampler';
import { BlockExecutionError } from '../../../src/core/errors';
import { validatePipeline } from '../../../src/core/pipeline/validatePipeline';
import { runBlock } from '../helpers/blockHarness';

type Row = Record<string, unknown>;

function repeat(n: number, row: Row): Row[] {
  return Array.from({ length: n }, (_, i) => ({ ...row, id: `${String(row.category ?? row.plan)}-${i}` }));
}

// 50% A, 30% B, 20% C, with prices per category.
const PRODUCTS: Row[] = [
  ...repeat(10, { category: 'A', price: 10 }),
  ...repeat(6, { category: 'B', price: '25.5' }),
  ...repeat(4, { category: 'C', price: 40 }),
];

async function sample(config: Record<string, unknown>, state: Record<string, unknown>): Promise<{ skeletons: Row[]; output: Row }> {
  const result = (await runBlock(structureSampler, config, state)) as BlockOutput;
  return { skeletons: result.output.skeletons as Row[], output: result.output };
}

function frequencies(rows: Row[], field: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[String(r[field])] = (counts[String(r[field])] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / rows.length]));
}

function assertClose(actual: number | undefined, expected: number, tolerance: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tolerance, `${what}: ${actual} not within ${tolerance} of ${expected}`);
}

describe('StructureSampler', () => {
  it('10,000 seeded skeletons follow the learned marginal distribution', async () => {
    const { skeletons } = await sample({ target_count: 10_000, categorical_fields: ['category'], seed: 7 }, { samples: PRODUCTS });
    assert.equal(skeletons.length, 10_000);
    const f = frequencies(skeletons, 'category');
    assertClose(f.A, 0.5, 0.02, 'A');
    assertClose(f.B, 0.3, 0.02, 'B');
    assertClose(f.C, 0.2, 0.02, 'C');
    assert.deepEqual(Object.keys(f).sort(), ['A', 'B', 'C']);
  });

  it('samples a child from its conditional distribution given the parents, whatever the field order', async () => {
    const samples = [
      ...repeat(10, { plan: 'free', role: 'viewer' }),
      ...repeat(3, { plan: 'pro', role: 'admin' }),
      ...repeat(1, { plan: 'pro', role: 'viewer' }),
    ];
    const { skeletons, output } = await sample(
      { target_count: 10_000, categorical_fields: ['role', 'plan'], dependencies: { role: ['plan'] }, seed: 11 },
      { samples },
    );
    const free = skeletons.filter((s) => s.plan === 'free');
    const pro = skeletons.filter((s) => s.plan === 'pro');
    assertClose(free.length / 10_000, 10 / 14, 0.02, 'plan=free');
    assert.ok(free.every((s) => s.role === 'viewer'), 'free plans only ever have viewers');
    assertClose(frequencies(pro, 'role').admin, 0.75, 0.03, 'role=admin | plan=pro');
    // Parents are sampled before children: the skeleton's key order shows the dependency order.
    assert.deepEqual(Object.keys(skeletons[0]), ['plan', 'role', '_hints']);
    assert.equal(output._sampler_warnings, undefined);
  });

  it('is reproducible: the same seed gives identical skeletons, another seed different ones', async () => {
    const config = { target_count: 50, categorical_fields: ['category'], numeric_fields: ['price'], seed: 42 };
    const a = await sample(config, { samples: PRODUCTS });
    const b = await sample(config, { samples: PRODUCTS });
    const c = await sample({ ...config, seed: 43 }, { samples: PRODUCTS });
    assert.deepEqual(a.skeletons, b.skeletons);
    assert.notDeepEqual(a.skeletons.map((s) => s.category), c.skeletons.map((s) => s.category));
  });

  it('names the fields of a dependency cycle', async () => {
    const samples = repeat(12, { a: 1, b: 2, c: 3 });
    await assert.rejects(
      sample({ target_count: 1, categorical_fields: ['a', 'b', 'c'], dependencies: { a: ['b'], b: ['c'], c: ['a'] } }, { samples }),
      (e: unknown) => {
        assert.ok(e instanceof BlockExecutionError);
        assert.match(e.message, /dependencies contain a cycle: a → b → c → a \(each field depends on the next\)/);
        return true;
      },
    );
    assert.deepEqual(dependencyOrder(['x', 'y'], { x: ['x'] }), { ok: false, cycle: ['x', 'x'] });
    assert.deepEqual(dependencyOrder(['c', 'b', 'a'], { c: ['b'], b: ['a'] }), { ok: true, order: ['a', 'b', 'c'] });
  });

  it('hints carry numeric ranges and up to 3 exemplars matching the skeleton', async () => {
    const samples = [...PRODUCTS, { category: 'A', price: 'n/a' }];
    const { skeletons, output } = await sample({ target_count: 200, categorical_fields: ['category'], numeric_fields: ['price'], seed: 1 }, { samples });
    for (const s of skeletons) {
      const hints = s._hints as { price_range: number[]; exemplars: Row[] };
      assert.deepEqual(hints.price_range, [10, 40]);
      assert.ok(hints.exemplars.length >= 1 && hints.exemplars.length <= 3);
      assert.ok(hints.exemplars.every((ex) => ex.category === s.category), 'exemplars match the skeleton');
    }
    assert.deepEqual(output._sampler_warnings, ["numeric field 'price': 1 non-numeric value(s) ignored"]);
    assert.equal(output._seed_samples, samples);
  });

  it('falls back to the marginal (with a warning) for an unseen parent combination, and to any exemplars', async () => {
    // color and size are sampled independently, so red+large can come up although no sample has it.
    const samples = [...repeat(6, { color: 'red', size: 'small', fit: 'tight' }), ...repeat(6, { color: 'blue', size: 'large', fit: 'loose' })];
    const { skeletons, output } = await sample(
      { target_count: 400, categorical_fields: ['color', 'size', 'fit'], dependencies: { fit: ['color', 'size'] }, seed: 5 },
      { samples },
    );
    const unseen = skeletons.filter((s) => s.color === 'red' && s.size === 'large');
    assert.ok(unseen.length > 0);
    assert.ok(skeletons.filter((s) => s.color === 'red' && s.size === 'small').every((s) => s.fit === 'tight'));
    for (const s of unseen) assert.ok((s._hints as { exemplars: Row[] }).exemplars.length > 0);
    assert.ok((output._sampler_warnings as string[]).some((w) => w.startsWith('unseen parent combination fit|color="red",size="large"')));
  });

  it('fails without samples and warns with fewer than 10', async () => {
    for (const state of [{}, { samples: [] }]) {
      await assert.rejects(sample({ target_count: 3, categorical_fields: ['category'] }, state), /no samples: add a non-empty 'samples' array/);
    }
    await assert.rejects(sample({ target_count: 3, categorical_fields: ['category'] }, { samples: ['x'] }), /samples\[0\] must be an object/);
    const few = await sample({ target_count: 3, categorical_fields: ['category'], seed: 2 }, { samples: PRODUCTS.slice(0, 4) });
    assert.equal(few.skeletons.length, 3);
    assert.match((few.output._sampler_warnings as string[])[0], /only 4 sample\(s\)/);
  });

  it('resolves templates (as the data_augmentation template does) and rejects bad config', async () => {
    const state = { samples: PRODUCTS, n: 4, cats: ['category'], nums: ['price'], deps: {} };
    const config = { target_count: '{{ n }}', categorical_fields: '{{ cats | tojson }}', numeric_fields: '{{ nums | tojson }}', dependencies: '{{ deps | tojson }}', seed: 42 };
    const { skeletons } = await sample(config, state);
    assert.equal(skeletons.length, 4);
    assert.deepEqual(structureSampler.requiredFields(config), ['cats', 'deps', 'n', 'nums', 'samples']);
    assert.deepEqual(structureSampler.requiredFields({ target_count: 5, categorical_fields: ['a'] }), ['samples']);
    await assert.rejects(sample({ ...config, target_count: 0 }, state), /target_count must be a positive integer, got 0/);
    await assert.rejects(sample({ ...config, target_count: 'many' }, state), /target_count must be a positive integer, got "many"/);
    await assert.rejects(sample({ ...config, dependencies: { category: ['brand'] } }, state), /'brand' is not in categorical_fields/);
    await assert.rejects(sample({ ...config, categorical_fields: ['colour'] }, state), /categorical field 'colour' has no value in any sample/);
  });

  // mirrors tests/blocks/test_structure_sampler.py::TestStructureSamplerDistributions::test_numeric_statistics
  // (numeric_fields only, categorical_fields=[]): the original learns min/max/mean and accepts the config.
  it('accepts numeric_fields alone: skeletons carry the numeric ranges and exemplars, and verify agrees', async () => {
    const samples = [{ storage: 1 }, { storage: 2 }, { storage: 3 }];
    const profile = learnProfile(samples, { categorical: [], numeric: ['storage'], dependencies: {} }, mulberry32(42));
    assert.deepEqual(profile.numeric.get('storage'), { min: 1, max: 3, mean: 2 });

    for (const config of [
      { target_count: 4, numeric_fields: ['storage'], seed: 42 },
      { target_count: 4, categorical_fields: [], numeric_fields: ['storage'], seed: 42 },
      { target_count: 4, categorical_fields: '', numeric_fields: '["storage"]', seed: 42 },
    ]) {
      const { skeletons } = await sample(config, { samples });
      assert.equal(skeletons.length, 4);
      for (const s of skeletons) {
        assert.deepEqual(Object.keys(s), ['_hints'], 'no categorical values, only hints');
        const hints = s._hints as { storage_range: number[]; exemplars: Row[] };
        assert.deepEqual(hints.storage_range, [1, 3]);
        assert.ok(hints.exemplars.length >= 1 && hints.exemplars.length <= 3);
      }
    }

    const registry = createBlockRegistry();
    const pipelineWith = (config: Record<string, unknown>) => ({
      version: 1,
      name: 'numeric only',
      blocks: [{ id: 'sampler', type: 'StructureSampler', config, position: { x: 0, y: 0 } }],
      edges: [{ source: 'start', target: 'sampler' }, { source: 'sampler', target: 'end' }],
    });
    const errors = (config: Record<string, unknown>) => validatePipeline(pipelineWith(config), registry).filter((p) => p.severity === 'error');
    assert.deepEqual(errors({ target_count: 4, numeric_fields: ['storage'] }), []);
    // Neither kind of field: nothing to learn. Verify says so before a run, and the run says the same.
    const neither = errors({ target_count: 4, categorical_fields: [], numeric_fields: '' });
    assert.equal(neither.length, 1);
    assert.match(neither[0].message, /categorical_fields and numeric_fields are both empty/);
    await assert.rejects(sample({ target_count: 4, categorical_fields: [] }, { samples }), /categorical_fields and numeric_fields are both empty/);
  });

  it('seeded helpers: mulberry32 is deterministic and sampling without replacement picks distinct items', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(xs, Array.from({ length: 5 }, () => b()));
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const picked = sampleWithoutReplacement(mulberry32(9), [1, 2, 3, 4, 5, 6], 4);
    assert.equal(new Set(picked).size, 4);
    assert.deepEqual(sampleWithoutReplacement(mulberry32(9), [1, 2], 5).sort(), [1, 2]);
  });
});
