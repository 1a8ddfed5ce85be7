import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { docsQaPipeline } from '../run/docsQaPipeline';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

/** `datagenflow run --batch` and `resume --job` against the fake server's Batch API, in a real child process. */
describe('CLI batch jobs', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;

  beforeEach(async () => {
    server = await FakeOpenAiServer.start();
  });
  afterEach(() => server.close());

  const files = (units: number) => ({
    'p.dgf.json': twoStepPipeline(),
    'seeds.json': [{ repetitions: units, metadata: { topic: 'tea' } }],
    '.vscode/settings.json': { 'datagenflow.batch.pollSeconds': 0.05 },
  });

  async function storedJob(ws: string) {
    const opened = await openWorkspaceStore(join(ws, '.datagenflow/datagenflow.db'), 'batch test');
    try {
      const job = opened.store.getJob(1);
      const records = [];
      for await (const r of opened.store.jobRecords(1)) records.push(r);
      return { job, records, jobs: opened.store.listJobs().length };
    } finally {
      await opened.close();
    }
  }

  const sentCounts = () => [...server.batch.counters.sent.values()];

  it('runs a 2-stage pipeline end to end: one batch per stage, every unit stored, no request online', async () => {
    const ws = await workspace(files(6));
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--batch', '--json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { status: string; generated: number; total: number };
    assert.deepEqual([summary.status, summary.generated, summary.total], ['completed', 6, 6]);
    assert.equal(server.batch.counters.created, 2);
    assert.equal(server.counters.chat, 1, 'only the endpoint check before the run went online');
    assert.equal(sentCounts().length, 12);
    assert.ok(sentCounts().every((n) => n === 1));
    const { job, records } = await storedJob(ws);
    assert.equal(job?.status, 'completed');
    assert.equal(job?.metadata.batch !== undefined, true, 'the job is marked as a batch job');
    assert.equal(records.length, 6);
    assert.ok(records.every((rec) => String(rec.output?.assistant).startsWith('Echo: Answer: Echo: Ask about tea')));
    assert.deepEqual(await readdir(join(ws, '.datagenflow/batches/datagenflow.db')), [], "a finished job's batch folder is removed");
  });

  it('killed while its batch runs, resume --job polls the same batch and sends nothing twice', async () => {
    server.batch.options = { completeAfterPolls: 1_000_000 };
    const ws = await workspace(files(5));
    const killed = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--batch'], {
      cwd: ws,
      killWhen: async () => server.batch.counters.retrieved >= 2,
    });
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(server.batch.counters.created, 1);
    const before = await storedJob(ws);
    assert.equal(before.records.length, 0);
    assert.equal(before.job?.status, 'interrupted');
    server.batch.options = { completeAfterPolls: 1 };
    const resumed = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(server.batch.counters.created, 2, 'the first stage was not submitted again; the second was');
    assert.equal(sentCounts().length, 10);
    assert.ok(sentCounts().every((n) => n === 1), 'no request twice');
    const after = await storedJob(ws);
    assert.equal(after.job?.status, 'completed');
    assert.equal(after.records.length, 5);
    assert.equal(after.jobs, 1);
  });

  it('killed right after creating its batch (before recording it), resume finds that batch instead of making a second', async () => {
    server.batch.options = { completeAfterPolls: 1_000_000 };
    const ws = await workspace(files(3));
    const killed = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--batch'], {
      cwd: ws,
      killWhen: async () => server.batch.counters.created >= 1,
    });
    assert.equal(killed.signal, 'SIGKILL');
    server.batch.options = { completeAfterPolls: 1 };
    const resumed = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(server.batch.counters.created, 2);
    assert.ok(sentCounts().every((n) => n === 1), 'no request twice');
    assert.equal((await storedJob(ws)).records.length, 3);
  });

  it('an expired batch: only its unanswered requests go into a follow-up batch', async () => {
    server.batch.options = { expire: (i) => i === 0, answeredOnExpiry: 0.5 };
    const ws = await workspace(files(4));
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--batch'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const batches = server.batch.list();
    const ids = (i: number) => (server.batch.files.get(batches[i].input_file_id)?.content ?? '').trim().split('\n').map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
    assert.deepEqual(batches.map((b) => b.status), ['expired', 'completed', 'completed']);
    assert.deepEqual(ids(0), ['s0.r0/question/0', 's0.r1/question/0', 's0.r2/question/0', 's0.r3/question/0']);
    // The next stage carries the 2 first-stage requests the expired batch left, beside the answered units' second stage.
    assert.deepEqual(ids(1).sort(), ['s0.r0/answer/0', 's0.r1/answer/0', 's0.r2/question/0', 's0.r3/question/0']);
    assert.deepEqual(ids(2).sort(), ['s0.r2/answer/0', 's0.r3/answer/0']);
    const sent = sentCounts();
    assert.equal(sent.filter((n) => n === 2).length, 2, 'the 2 requests the expired batch left went out once more');
    assert.equal(sent.filter((n) => n === 1).length, 6);
    const { job } = await storedJob(ws);
    assert.deepEqual([job?.status, job?.generated, job?.failed], ['completed', 4, 0]);
  });

  it('plan --batch prices the run both ways (batchDiscount, batch prices) and names the completion window', async () => {
    const ws = await workspace({
      ...files(10),
      '.vscode/settings.json': {
        'datagenflow.models': [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: 1, pricePer1kOutput: 2, batchDiscount: 0.4 }],
      },
    });
    const r = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json', '--batch', '--json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { totals: { cost: number }; batch: { onlineCost: number; batchCost: number; completionWindow: string; stages: number } };
    assert.ok(plan.totals.cost > 0);
    assert.equal(plan.batch.onlineCost, plan.totals.cost);
    assert.ok(Math.abs(plan.batch.batchCost - plan.totals.cost * 0.4) < 1e-12);
    assert.equal(plan.batch.completionWindow, '24h');
    assert.equal(plan.batch.stages, 2);
    const table = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json', '--batch'], { cwd: ws });
    assert.match(table.stdout, /Batch: \$[\d.]+ \(online \$[\d.]+\), 2 stages, each within the provider's 24h window/);
    const online = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json'], { cwd: ws });
    assert.doesNotMatch(online.stdout, /Batch:/);
  });

  it('a shard runs its slice as a batch job (run --shard 1/2 --batch)', async () => {
    const ws = await workspace({ ...files(1), 'seeds.json': [0, 1, 2, 3].map((i) => ({ repetitions: 1, metadata: { topic: `t${i}` } })) });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--batch', '--shard', '1/2', '--db', 'shard1.db'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const opened = await openWorkspaceStore(join(ws, 'shard1.db'), 'batch test');
    try {
      const job = opened.store.getJob(1);
      assert.deepEqual([job?.status, job?.total, job?.generated], ['completed', 2, 2]);
      assert.ok(job?.metadata.batch);
      assert.deepEqual([...opened.store.doneKeys(1)].sort(), ['s0.r0', 's2.r0'], 'shard 1 of 2: seeds 1 and 3 (1-based)');
    } finally {
      await opened.close();
    }
    assert.deepEqual([...server.batch.counters.sent.keys()].sort(), ['s0.r0/answer/0', 's0.r0/question/0', 's2.r0/answer/0', 's2.r0/question/0']);
  });

  it("Ctrl+C cancels the provider's batch; resume --job runs the job to the end", async () => {
    server.batch.options = { completeAfterPolls: 1_000_000 };
    const ws = await workspace(files(2));
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--batch'], {
      cwd: ws,
      interruptWhen: async () => server.batch.counters.retrieved >= 2,
    });
    assert.equal(r.code, 130, r.stderr);
    assert.equal(server.batch.counters.cancelled, 1);
    assert.equal(server.batch.list()[0].status, 'cancelled');
    assert.equal((await storedJob(ws)).job?.status, 'cancelled');
    server.batch.options = {};
    const resumed = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((await storedJob(ws)).job?.generated, 2);
  });

  it('a model with "batch": true makes run a batch job without --batch', async () => {
    const ws = await workspace({
      ...files(2),
      '.vscode/settings.json': {
        'datagenflow.batch.pollSeconds': 0.05,
        'datagenflow.models': [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model', batch: true }],
      },
    });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.batch.counters.created, 2);
    assert.ok((await storedJob(ws)).job?.metadata.batch);
  });

  it('refuses a pipeline that starts with a multiplier before creating any job', async () => {
    const ws = await workspace({ 'p.dgf.json': docsQaPipeline, 'doc.md': '# A\nText.\n' });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'doc.md', '--base-url', server.baseUrl, '--batch'], { cwd: ws });
    assert.notEqual(r.code, 0, r.stderr);
    assert.match(r.stderr, /Batch mode runs pipelines without a multiplier block \('split' splits documents\): run this one online\./);
    assert.equal(server.batch.counters.created, 0);
    const jobs = await runCli(['jobs', '--json'], { cwd: ws });
    assert.deepEqual(JSON.parse(jobs.stdout || '[]'), [], 'no job was created');
  });
});
