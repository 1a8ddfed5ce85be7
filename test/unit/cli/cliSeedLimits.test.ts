import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const hugeSeeds = '[\n  {"metadata": {"topic": "tea"}},\n  {"repetitions": 1000000000, "metadata": {"topic": "rivers"}}\n]\n';
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

function assertNoCrash(output: string): void {
  assert.doesNotMatch(output, /unexpected error|RangeError|Maximum call stack|\n\s+at /i, output);
}

describe('datagenflow CLI: seed limits and deep JSON', function () {
  this.timeout(30_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
  });
  afterEach(() => server.close());

  it('verify refuses repetitions over the unit limit at their line:col', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': hugeSeeds });
    const r = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^seeds\.json:3:19: error: Seed 2: repetitions 1,000,000,000 is more than the 1,000,000 units a job may have \(setting datagenflow\.maxUnitsPerJob\)/m,
    );
    assertNoCrash(r.stdout + r.stderr);
  });

  it('run refuses it too: exit 1, no request, no job left running, no lock left', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': hugeSeeds });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^seeds\.json:3:19: error: Seed 2: repetitions 1,000,000,000 is more than/m);
    assertNoCrash(r.stderr);
    assert.equal(server.counters.chat, 0);
    const left = await readdir(join(ws, '.datagenflow')).catch(() => [] as string[]);
    assert.deepEqual(left.filter((f) => /lock/i.test(f)), [], `left behind: ${left.join(', ')}`);
    const jobs = await runCli(['jobs', '--json'], { cwd: ws });
    assert.equal(jobs.code, 0, jobs.stderr);
    assert.deepEqual(JSON.parse(jobs.stdout || '[]'), []);
  });

  it('reads the limit from .vscode/settings.json (datagenflow.maxUnitsPerJob)', async () => {
    const seeds = [
      { repetitions: 3, metadata: { topic: 'a' } },
      { repetitions: 3, metadata: { topic: 'b' } },
    ];
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.vscode/settings.json': { 'datagenflow.maxUnitsPerJob': 5 } });
    const r = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^seeds\.json:9:20: error: Seed 2: repetitions 3 brings the job to 6 units, more than the 5 units a job may have/m);
  });

  it('a seed file nested thousands of levels deep is a file:line:col error, not a stack overflow', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': `[\n  {"metadata": {"topic": ${nested(20_000)}}}\n]\n` });
    const r = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /^seeds\.json:2:\d+: error: JSON nested deeper than 256 levels at line 2, column \d+/m);
    assertNoCrash(r.stdout + r.stderr);
  });

  it('a pipeline nested thousands of levels deep is a file:line:col error, exit 1', async () => {
    const pipeline = JSON.stringify(twoStepPipeline(), null, 2).replace('"name": "QA",', `"name": "QA",\n  "extra": ${nested(20_000)},`);
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': [{ metadata: { topic: 'tea' } }] });
    for (const args of [
      ['verify', 'p.dgf.json', 'seeds.json'],
      ['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl],
    ]) {
      const r = await runCli(args, { cwd: ws });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, /^p\.dgf\.json:4:\d+: error: JSON nested deeper than 256 levels at line 4, column \d+/m);
      assertNoCrash(r.stdout + r.stderr);
    }
    assert.equal(server.counters.chat, 0);
  });

  it('run reads its seeds from a snapshot of the file: the seed file can be edited during the run, the job runs the seeds it checked', async () => {
    // 20 seeds of 300 kB: the last one is read long after the edit made at the first request.
    const pad = 'p'.repeat(300_000);
    const seeds = Array.from({ length: 20 }, (_, i) => ({ metadata: { topic: `topic ${i}`, pad } }));
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    await mkdir(join(ws, 'tmp'));
    const snapshots = () => readdirSync(join(ws, 'tmp')).filter((f) => /^datagenflow-seeds-.*\.json$/.test(f));
    const file = join(ws, 'seeds.json');
    const text = await readFile(file, 'utf8');
    let snapshotsDuringRun: string[] = [];
    const editing = await FakeOpenAiServer.start({
      reply: (req) => {
        if (snapshotsDuringRun.length === 0) {
          snapshotsDuringRun = snapshots();
          writeFileSync(file, text.replace('"topic 19"', '"topic XX"'));
        }
        return `re: ${req.messages.at(-1)?.content.slice(0, 40)}`;
      },
    });
    try {
      const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', editing.baseUrl], { cwd: ws, env: { TMPDIR: join(ws, 'tmp') } });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(snapshotsDuringRun.length, 1, 'the snapshot in the temporary folder during the run');
      assert.deepEqual(snapshots(), [], 'the snapshot is deleted after the run');
      const exported = await runCli(['export', '--job', '1', '--out', 'out.jsonl'], { cwd: ws });
      assert.equal(exported.code, 0, exported.stderr);
      const topics = (await readFile(join(ws, 'out.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { metadata: { topic: string } }).metadata.topic);
      assert.equal(topics.length, 20);
      assert.ok(topics.includes('topic 19') && !topics.includes('topic XX'), 'the seeds as they were checked');
    } finally {
      await editing.close();
    }
  });
});
