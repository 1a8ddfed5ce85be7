import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const seeds = [
  { repetitions: 2, metadata: { topic: 'tea' } },
  { repetitions: 1, metadata: { topic: 'rivers' } },
];

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

describe('datagenflow CLI with the workspace database', function () {
  this.timeout(60_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 2 });
  });
  afterEach(() => server.close());

  it('run stores the job in .datagenflow/datagenflow.db; jobs lists it; export writes the records', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    const summary = lastJson(run.stdout);
    const thisRun = summary.thisRun as Record<string, unknown>;
    assert.deepEqual({ ...summary, durationMs: 0, thisRun: { ...thisRun, durationMs: 0 } }, {
      jobId: 1,
      status: 'completed',
      total: 3,
      generated: 3,
      failed: 0,
      durationMs: 0,
      usage: summary.usage,
      thisRun: { generated: 3, failed: 0, skipped: 0, durationMs: 0, usage: summary.usage },
      responseCache: { mode: 'off', callsMade: 6, callsReused: 0, savedUsage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 } },
    });

    const jobs = await runCli(['jobs', '--json'], { cwd: ws });
    assert.equal(jobs.code, 0, jobs.stderr);
    const [job] = JSON.parse(jobs.stdout) as Record<string, unknown>[];
    assert.equal(job.id, 1);
    assert.equal(job.status, 'completed');
    assert.equal(job.pipelineName, 'QA');
    assert.equal(job.seedsPath, 'seeds.json');
    assert.equal(job.generated, 3);

    const table = await runCli(['jobs'], { cwd: ws });
    assert.match(table.stdout, /^1\s+completed\s+3\/3\s+0\s+/m);

    const exp = await runCli(['export', '--job', '1', '--out', 'out/all.jsonl'], { cwd: ws });
    assert.equal(exp.code, 0, exp.stderr);
    const lines = (await readFile(join(ws, 'out/all.jsonl'), 'utf8')).split('\n');
    assert.equal(lines.at(-1), '', 'newline-terminated');
    const records = lines.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(records.length, 3);
    assert.deepEqual(Object.keys(records[0]), ['id', 'metadata', 'status', 'accumulated_state', 'created_at', 'updated_at']);
    assert.deepEqual(records[2].metadata, { topic: 'rivers' });
    assert.equal((records[2].accumulated_state as Record<string, unknown>).assistant, 'Echo: Answer: Echo: Ask about rivers');
  });

  it('export refuses an unknown job and a bad status', async () => {
    const ws = await workspace({});
    assert.equal((await runCli(['export', '--job', '7', '--out', 'x.jsonl'], { cwd: ws })).code, 1);
    assert.equal((await runCli(['export', '--job', '1', '--status', 'great', '--out', 'x.jsonl'], { cwd: ws })).code, 2);
  });

  it('run refuses while another process writes the database; jobs still reads it', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const holder = await openWorkspaceStore(join(ws, '.datagenflow/datagenflow.db'), 'VS Code window');
    try {
      const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /in use by VS Code window \(pid \d+/);
      const jobs = await runCli(['jobs'], { cwd: ws });
      assert.equal(jobs.code, 0);
      assert.match(jobs.stdout, /No jobs/);
    } finally {
      await holder.close();
    }
  });

  it('retry re-runs only the failed units and replaces them', async () => {
    const strict = { id: 'check', type: 'JSONValidatorBlock', config: { strict: true }, position: { x: 0, y: 200 } };
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(strict), 'seeds.json': seeds });
    let broken = true;
    server.options.reply = (req) => {
      const prompt = req.messages[0].content;
      if (prompt.startsWith('Ask about')) return prompt;
      return broken && prompt.includes('rivers') ? 'not json' : '{"ok":true}';
    };
    const first = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(first.code, 3, first.stderr);
    assert.equal(lastJson(first.stdout).failed, 1);
    broken = false;
    const chatsBefore = server.counters.chat;
    const retry = await runCli(['retry', '--job', '1', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(retry.code, 0, retry.stderr);
    assert.equal(server.counters.chat - chatsBefore, 1 + 2, 'one preflight request and one unit of two LLM calls');
    const jobs = JSON.parse((await runCli(['jobs', '--json'], { cwd: ws })).stdout) as Record<string, unknown>[];
    assert.equal(jobs[0].generated, 3);
    assert.equal(jobs[0].failed, 0);
    assert.equal(jobs[0].status, 'completed');
  });

  it('resume refuses when the seed file changed since the job started', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws });
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(ws, 'seeds.json'), JSON.stringify([{ metadata: { topic: 'changed' } }]));
    const r = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /seeds\.json changed since the job started/);
  });
});
