import assert from 'node:assert/strict';
import { inShard, parseShardSpec } from '../../../src/core/shard/shardSpec';
import { shardSeeds } from '../../../src/core/shard/shardSeeds';
import { repetitionUnits, totalRepetitions } from '../../../src/core/run/unitPlan';

describe('shard spec and slice', () => {
  it('reads i/n, an environment variable, and +1 for zero-based indexes', () => {
    assert.deepEqual(parseShardSpec('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShardSpec('1/1'), { index: 1, count: 1 });
    assert.deepEqual(parseShardSpec('$SLURM_ARRAY_TASK_ID/8', { SLURM_ARRAY_TASK_ID: '3' }), { index: 3, count: 8 });
    assert.deepEqual(parseShardSpec('${JOB_COMPLETION_INDEX}+1/4', { JOB_COMPLETION_INDEX: '0' }), { index: 1, count: 4 });
    assert.deepEqual(parseShardSpec('3+1/4'), { index: 4, count: 4 }, 'a shell already expanded the variable');
  });

  it('refuses indexes out of 1..n, malformed text and unset variables', () => {
    assert.throws(() => parseShardSpec('0/4'), /between 1 and 4, got 0 \(shards count from 1: add \+1/);
    assert.throws(() => parseShardSpec('5/4'), /between 1 and 4, got 5/);
    assert.throws(() => parseShardSpec('a/b'), /--shard must be i\/n with 1 ≤ i ≤ n/);
    assert.throws(() => parseShardSpec('1/0'), /at least 1/);
    assert.throws(() => parseShardSpec('$JOB_COMPLETION_INDEX+1/4', {}), /JOB_COMPLETION_INDEX is not set/);
    assert.throws(() => parseShardSpec('$I/4', { I: 'x' }), /I is 'x', not a whole number/);
  });

  it('every unit is in exactly one shard, under the unsharded key, its seed\'s units together', () => {
    const seeds = Array.from({ length: 10 }, (_, i) => ({ repetitions: i === 4 ? 0 : (i % 3) + 1, metadata: { i } }));
    const all = [...repetitionUnits(seeds)].map((u) => u.key);
    const sliced = [1, 2, 3].map((index) => [...repetitionUnits(shardSeeds(seeds, { index, count: 3 }))]);
    assert.deepEqual(sliced.flat().map((u) => u.key).sort(), [...all].sort());
    for (const [i, units] of sliced.entries()) {
      for (const u of units) assert.ok(inShard(u.seedIndex, { index: i + 1, count: 3 }));
      assert.equal(totalRepetitions(shardSeeds(seeds, { index: i + 1, count: 3 })), units.length);
    }
    assert.deepEqual(sliced[1].map((u) => u.key), ['s1.r0', 's1.r1', 's7.r0', 's7.r1'], 'seed 4 has no repetitions');
    assert.deepEqual(sliced[1][0], { key: 's1.r0', seedIndex: 1, repetition: 0, metadata: { i: 1 } });
  });
});
