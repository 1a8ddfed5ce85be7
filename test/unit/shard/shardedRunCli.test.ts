import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from '../cli/cliHarness';
import { deterministicServer, jobUnits, mergeCli, runArgs, shardDb, shardSeedsFile } from './shardTestKit';

/**
 * `run --shard i/n` as parallel processes, merged with `merge`, against one unsharded run of the same pipeline and
 * seeds: the merged job has exactly the unsharded job's units (keys, statuses, outputs, errors) and totals.
 */
describe('sharded runs merged into one job (CLI)', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  before(async () => {
    server = await deterministicServer();
  });
  after(() => server.close());

  it('4 shards run in parallel and merged equal one unsharded run; merging again changes nothing', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': shardSeedsFile() });
    const full = await runCli(runArgs(server, '--db', 'full.db'), { cwd: ws });
    assert.equal(full.code, 3, `unsharded run: some units fail by design\n${full.stderr}`);

    const shards = await Promise.all([1, 2, 3, 4].map((i) => runCli(runArgs(server, '--shard', `${i}/4`), { cwd: ws })));
    for (const [i, r] of shards.entries()) assert.ok(r.code === 0 || r.code === 3, `shard ${i + 1}/4: ${r.stderr}`);
    const slices = await Promise.all([1, 2, 3, 4].map((i) => jobUnits(shardDb(ws, i, 4), 1)));
    // Every seed's units are in exactly one shard, under the unsharded run's keys.
    const sliceKeys = slices.flatMap((s) => [...s.units.keys()]);
    assert.equal(new Set(sliceKeys).size, sliceKeys.length, 'no unit in two shards');
    for (const [i, s] of slices.entries()) {
      for (const key of s.units.keys()) assert.equal(Number(/^s(\d+)/.exec(key)?.[1]) % 4, i, `${key} in shard ${i + 1}/4`);
      assert.equal(s.job?.total, s.units.size, `shard ${i + 1}/4 total is its slice`);
    }

    const merged = await mergeCli(ws, '.datagenflow/shards');
    assert.equal(merged.code, 3, `merge: a complete job with failed units exits 3\n${merged.stdout}${merged.stderr}`);
    assert.match(merged.stdout, /Merged into new job 1 \(QA\)/);
    assert.match(merged.stdout, /missing: 0\./);

    const want = await jobUnits(join(ws, 'full.db'), 1);
    const got = await jobUnits(join(ws, '.datagenflow/datagenflow.db'), 1);
    assert.equal(got.units.size, 24);
    assert.deepEqual([...got.units.keys()].sort(), [...want.units.keys()].sort(), 'same unit keys');
    for (const [key, unit] of want.units) assert.deepEqual(got.units.get(key), unit, `unit ${key}`);
    assert.ok([...got.units.values()].some((u) => u.status === 'failed'), 'failed units merged as failed');
    for (const field of ['status', 'total', 'generated', 'failed', 'usage', 'pipelineHash', 'seedsHash', 'pipelinePath', 'seedsPath'] as const) {
      assert.deepEqual(got.job?.[field], want.job?.[field], `job ${field}`);
    }

    const again = await mergeCli(ws, ...[1, 2, 3, 4].map((i) => shardDb(ws, i, 4)));
    assert.equal(again.code, 3, again.stderr);
    assert.match(again.stdout, /nothing new/);
    const after = await jobUnits(join(ws, '.datagenflow/datagenflow.db'), 1);
    assert.deepEqual(after.job, got.job, 'the job row is unchanged (status, totals, usage, finish time)');
    assert.deepEqual(after.units, got.units);
    assert.equal(after.jobs, 1, 'no second job');
  });

  it('a shard killed mid-run and run again continues its job; merged, nothing is lost or doubled', async () => {
    const slow = await deterministicServer(20);
    try {
      const seeds = Array.from({ length: 8 }, (_, i) => ({ repetitions: 60, metadata: { topic: `topic ${i}` } }));
      const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
      const shard2 = runArgs(slow, '--shard', '2/4');
      let killedWith = 0;
      const killed = await runCli(shard2, {
        cwd: ws,
        killWhen: async () => {
          const { units } = await jobUnits(shardDb(ws, 2, 4), 1).catch(() => ({ units: new Map() }));
          killedWith = units.size;
          return units.size >= 10;
        },
      });
      assert.equal(killed.signal, 'SIGKILL', `shard 2/4 was killed mid-run: ${killed.stderr}`);
      const others = Promise.all([1, 3, 4].map((i) => runCli(runArgs(slow, '--shard', `${i}/4`), { cwd: ws })));
      const again = await runCli(shard2, { cwd: ws });
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /Continuing job 1 of shard 2\/4/);
      for (const r of await others) assert.equal(r.code, 0, r.stderr);
      const shard = await jobUnits(shardDb(ws, 2, 4), 1);
      assert.equal(shard.jobs, 1, 'the shard continued its job, no second one');
      assert.ok(killedWith >= 10 && killedWith < 120, `killed with ${killedWith} of 120 units stored`);
      assert.equal(shard.units.size, 120);

      const merged = await mergeCli(ws, '.datagenflow/shards');
      assert.equal(merged.code, 0, merged.stdout + merged.stderr);
      const got = await jobUnits(join(ws, '.datagenflow/datagenflow.db'), 1);
      const expected = seeds.flatMap((_, s) => Array.from({ length: 60 }, (__, r) => `s${s}.r${r}`)).sort();
      assert.deepEqual([...got.units.keys()].sort(), expected);
      assert.ok([...got.units.values()].every((u) => u.status === 'pending'));
      assert.equal(got.job?.status, 'completed');
      assert.equal(got.job?.generated, 480);
    } finally {
      await slow.close();
    }
  });
});
