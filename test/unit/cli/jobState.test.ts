import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { FAKE_LANGFUSE_KEYS, FakeLangfuseServer } from '../../fixtures/fakeLangfuseServer';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const seeds = [
  { repetitions: 2, metadata: { topic: 'tea' } },
  { repetitions: 1, metadata: { topic: 'rivers' } },
];

function lastJson(stdout: string): Record<string, unknown> {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
}

/** Records the durable journal holds (each stored result is one `record.add` op in it). */
async function journaledRecords(ws: string): Promise<number> {
  const text = await readFile(join(ws, '.datagenflow/datagenflow.db-journal.jsonl'), 'utf8').catch(() => '');
  return text.split('"t":"record.add"').length - 1;
}

describe('CLI: job state the user can believe', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 2 });
  });
  afterEach(() => server.close());

  it('resume of a completed job prints the job’s totals, and zero for this run', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    const first = lastJson(run.stdout);

    const resume = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(resume.code, 0, resume.stderr);
    const summary = lastJson(resume.stdout);
    assert.deepEqual([summary.jobId, summary.status, summary.generated, summary.failed, summary.total], [1, 'completed', 3, 0, 3]);
    assert.deepEqual(summary.usage, first.usage, 'the job’s usage, not this run’s');
    assert.ok(Number(summary.durationMs) >= Number(first.durationMs), 'the job’s time over both runs');
    const thisRun = summary.thisRun as Record<string, unknown>;
    assert.deepEqual([thisRun.generated, thisRun.failed, thisRun.skipped], [0, 0, 3]);
    assert.deepEqual(thisRun.usage, { input_tokens: 0, output_tokens: 0, cached_tokens: 0 });
    assert.match(resume.stderr, /completed: 3 generated, 0 failed of 3 in [\d.]+ s; tokens in \d+ \/ out \d+ \/ cached \d+ — this run: 0 generated, 0 failed, 3 already done, [\d.]+ s, tokens in 0 \/ out 0 \/ cached 0/);
  });

  it('a SIGKILLed run reads as interrupted at once (read-only jobs), and elapsed time counts the killed run', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: 200, metadata: { topic: 'tea' } }] });
    server.options.latencyMs = 30;
    const killed = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--concurrency', '2'], {
      cwd: ws,
      killWhen: async () => (await journaledRecords(ws)) >= 3,
    });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);

    // No writer has opened the database since the kill: `jobs` reads it read-only, next to the dead process's lock.
    const jobs = await runCli(['jobs', '--json'], { cwd: ws });
    assert.equal(jobs.code, 0, jobs.stderr);
    const [job] = JSON.parse(jobs.stdout) as Record<string, unknown>[];
    assert.equal(job.status, 'interrupted');
    assert.match(String(job.error), /Resume the job/);
    const killedElapsed = job.elapsedMs as number;
    assert.equal(typeof killedElapsed, 'number');
    const table = await runCli(['jobs'], { cwd: ws });
    assert.match(table.stdout, /^1\s+interrupted\s+/m);

    // The killed run's time reaches at least its last stored record.
    const reader = await openWorkspaceStore(join(ws, '.datagenflow/datagenflow.db'), 'test reader', { readOnly: true });
    try {
      const [newest] = reader.store.pageRecords(1, { order: 'newest', offset: 0, limit: 1 });
      assert.ok(newest, 'a record was stored before the kill');
      assert.ok(killedElapsed >= Date.parse(newest.createdAt) - Date.parse(String(job.startedAt)), `${killedElapsed} ms covers the killed run up to its last record`);
    } finally {
      await reader.close();
    }

    server.options.latencyMs = 1;
    const resume = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(resume.code, 0, resume.stderr);
    const summary = lastJson(resume.stdout);
    const thisRun = summary.thisRun as Record<string, number>;
    assert.ok(Number(summary.durationMs) >= killedElapsed + thisRun.durationMs, `${String(summary.durationMs)} ≥ ${killedElapsed} + ${thisRun.durationMs}`);
    const [after] = JSON.parse((await runCli(['jobs', '--json'], { cwd: ws })).stdout) as Record<string, unknown>[];
    assert.equal(after.status, 'completed');
    assert.equal(after.generated, 200);
    assert.equal(after.elapsedMs, summary.durationMs);
  });

  it('run --out goes through the job launcher: block secrets come from the environment and job-end hooks run', async () => {
    const langfuse = await FakeLangfuseServer.start();
    try {
      const pipeline = twoStepPipeline({ id: 'lf', type: 'LangfuseDatasetBlock', config: { dataset_name: 'qa-out' }, position: { x: 0, y: 200 } });
      const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': seeds });
      const env = { LANGFUSE_PUBLIC_KEY: FAKE_LANGFUSE_KEYS.publicKey, LANGFUSE_SECRET_KEY: FAKE_LANGFUSE_KEYS.secretKey, LANGFUSE_HOST: langfuse.host };
      const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl', '--json'], { cwd: ws, env });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(langfuse.items.size, 3, 'the job-end hook uploaded every record');
      assert.ok(langfuse.datasets.has('qa-out'));
      const lines = (await readFile(join(ws, 'out.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 3);
      for (const line of lines) {
        assert.equal(line.job_id, 1);
        const state = line.accumulated_state as Record<string, unknown>;
        assert.doesNotMatch(String(state.langfuse_upload_status), /skipped/, 'the block found the keys');
      }
      const text = await readFile(join(ws, 'out.jsonl'), 'utf8');
      assert.ok(!text.includes(FAKE_LANGFUSE_KEYS.secretKey), 'the secret never reaches the output');
      const [job] = JSON.parse((await runCli(['jobs', '--json'], { cwd: ws })).stdout) as Record<string, unknown>[];
      assert.equal(job.generated, 3, 'the job is in the database too');
      assert.equal((job.metadata as Record<string, unknown>).out, join(ws, 'out.jsonl'));
    } finally {
      await langfuse.close();
    }
  });

  it('resume --job keeps writing the JSONL file of a run --out job, adding the lines it lacked', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: 40, metadata: { topic: 'tea' } }] });
    server.options.latencyMs = 30;
    const killed = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl', '--concurrency', '2'], {
      cwd: ws,
      killWhen: async () => (await journaledRecords(ws)) >= 3,
    });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    // As if the kill landed between the database's write and the file's: the file lacks its last record and ends mid-line.
    const file = join(ws, 'out.jsonl');
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    assert.ok(lines.length >= 1);
    await writeFile(file, `${lines.slice(0, -1).join('\n')}${lines.length > 1 ? '\n' : ''}{"id":"s0.r`);

    server.options.latencyMs = 1;
    const resume = await runCli(['resume', '--job', '1', '--base-url', server.baseUrl, '--json'], { cwd: ws });
    assert.equal(resume.code, 0, resume.stderr);
    assert.match(resume.stderr, /Appended \d+ record\(s\) to .*out\.jsonl that the database held but the file lacked/);
    const records = (await readFile(file, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return []; // the line the kill cut short stays on a line of its own
        }
      });
    assert.equal(records.length, 40);
    assert.equal(new Set(records.map((r) => r.id)).size, 40, 'every unit once');
  });

  it('run --out refuses a file with content unless --resume continues the job that wrote it', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, 'notes.txt': 'mine\n' });
    const refused = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'notes.txt'], { cwd: ws });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /notes\.txt already has content: add --resume/);
    assert.equal(await readFile(join(ws, 'notes.txt'), 'utf8'), 'mine\n', 'left untouched');
    const foreign = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'notes.txt', '--resume'], { cwd: ws });
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /notes\.txt was not written by a job of/);
    assert.equal(await readFile(join(ws, 'notes.txt'), 'utf8'), 'mine\n', 'left untouched');

    const first = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl'], { cwd: ws });
    assert.equal(first.code, 0, first.stderr);
    const again = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl', '--resume', '--json'], { cwd: ws });
    assert.equal(again.code, 0, again.stderr);
    const summary = lastJson(again.stdout);
    assert.deepEqual([summary.jobId, summary.generated, (summary.thisRun as Record<string, unknown>).generated], [1, 3, 0], 'the same job, nothing left to run');
    assert.equal((await readFile(join(ws, 'out.jsonl'), 'utf8')).trim().split('\n').length, 3, 'no line twice');
  });
});
