import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from '../cli/cliHarness';
import { deterministicServer, jobUnits, mergeCli, runArgs, shardSeedsFile } from './shardTestKit';

describe('sharded runs: missing shards, mismatches and bad input (CLI)', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  before(async () => {
    server = await deterministicServer();
  });
  after(() => server.close());

  it('merging 3 of 4 shards reports the missing units and shard; resume --job runs exactly those', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': shardSeedsFile() });
    const runs = await Promise.all([
      runCli(runArgs(server, '--shard', '1/4'), { cwd: ws }),
      runCli(runArgs(server, '--shard', '2/4'), { cwd: ws }),
      // The index from the scheduler's environment, zero-based as Kubernetes gives it.
      runCli(runArgs(server, '--shard', '$JOB_COMPLETION_INDEX+1/4'), { cwd: ws, env: { JOB_COMPLETION_INDEX: '3' } }),
    ]);
    for (const r of runs) assert.ok(r.code === 0 || r.code === 3, r.stderr);
    assert.deepEqual((await readdir(join(ws, '.datagenflow/shards'))).filter((f) => f.endsWith('.db')).sort(), ['p-1-of-4.db', 'p-2-of-4.db', 'p-4-of-4.db']);

    const merged = await mergeCli(ws, '.datagenflow/shards');
    assert.equal(merged.code, 3, merged.stderr);
    // Shard 3/4 holds seeds 2, 6 and 10: 3 + 1 + 2 units.
    assert.match(merged.stdout, /Job 1: \d+ succeeded, 3 failed of 24 unit\(s\); missing: 6\./);
    assert.match(merged.stdout, /Shard\(s\) not merged yet: 3\/4\./);
    assert.match(merged.stdout, /datagenflow resume --job 1 /);
    const before = await jobUnits(join(ws, '.datagenflow/datagenflow.db'), 1);
    assert.equal(before.job?.status, 'cancelled');
    assert.equal(before.units.size, 18);

    const resumed = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl, '--retries', '0', '--json'], { cwd: ws });
    assert.equal(resumed.code, 3, `the job keeps its failed units: ${resumed.stderr}`);
    const summary = JSON.parse(resumed.stdout.trim().split('\n').at(-1) ?? '{}') as { status: string; thisRun: { generated: number; failed: number } };
    // Resume runs every unit without a successful record: shard 3/4's six, and seed 5's three failed ones again.
    assert.deepEqual([summary.status, summary.thisRun.generated, summary.thisRun.failed], ['completed', 6, 3]);
    const after = await jobUnits(join(ws, '.datagenflow/datagenflow.db'), 1);
    const expected = shardSeedsFile().flatMap((s, i) => Array.from({ length: s.repetitions }, (_, r) => `s${i}.r${r}`));
    assert.deepEqual([...after.units.keys()].sort(), expected.sort());
    assert.deepEqual([...after.units].filter(([, u]) => u.status === 'failed').map(([k]) => k).sort(), ['s5.r0', 's5.r1', 's5.r2']);
    assert.equal(after.job?.status, 'completed');
  });

  it('refuses shards of different pipelines, naming both files, and merges nothing', async () => {
    const other = twoStepPipeline();
    (other.blocks[0].config as { user_prompt: string }).user_prompt = 'Ask something about {{ topic }}';
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'q.dgf.json': other, 'seeds.json': shardSeedsFile() });
    const [a, b] = await Promise.all([
      runCli(runArgs(server, '--shard', '1/2'), { cwd: ws }),
      runCli(['run', 'q.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--retries', '0', '--shard', '2/2'], { cwd: ws }),
    ]);
    assert.ok(a.code === 0 || a.code === 3, a.stderr);
    assert.ok(b.code === 0 || b.code === 3, b.stderr);
    const r = await mergeCli(ws, '.datagenflow/shards/p-1-of-2.db', '.datagenflow/shards/q-2-of-2.db');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Not the shards of one job: \.datagenflow\/shards\/p-1-of-2\.db \(job 1, shard 1\/2\) ran pipeline p\.dgf\.json \(content [0-9a-f]{12}\), but \.datagenflow\/shards\/q-2-of-2\.db \(job 1, shard 2\/2\) ran q\.dgf\.json/);
    const jobs = await runCli(['jobs', '--json'], { cwd: ws });
    assert.deepEqual(JSON.parse(jobs.stdout), []);
  });

  it('refuses --shard 0/4, 5/4 and a/b, and a shard file that is not a DataGenFlow database (left untouched)', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': shardSeedsFile(), 'notes.db': 'not a database\n' });
    for (const [spec, message] of [
      ['0/4', /--shard 0\/4: the shard index must be between 1 and 4, got 0/],
      ['5/4', /--shard 5\/4: the shard index must be between 1 and 4, got 5/],
      ['a/b', /--shard must be i\/n with 1 ≤ i ≤ n/],
    ] as const) {
      const r = await runCli(runArgs(server, '--shard', spec), { cwd: ws });
      assert.equal(r.code, 2, `${spec}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    const r = await mergeCli(ws, 'notes.db');
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /notes\.db/);
    assert.equal(await readFile(join(ws, 'notes.db'), 'utf8'), 'not a database\n');
    assert.deepEqual((await readdir(ws)).sort(), ['notes.db', 'p.dgf.json', 'seeds.json'], 'no lock, journal or database made');
  });
});
