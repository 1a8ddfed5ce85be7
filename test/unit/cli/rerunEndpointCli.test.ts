import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

/** The last JSON line of --json: the job's outcome. */
const outcome = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { jobId: number; status: string; generated: number };

describe('a run that reuses stored answers checks an endpoint with its first miss', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  let locked: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start({});
    // Answers 401 to any request without this key: an endpoint that cannot be used.
    locked = await FakeOpenAiServer.start({ apiKey: 'not-given' });
  });
  after(async () => {
    await server.close();
    await locked.close();
  });

  it('re-run: an endpoint whose answers are all stored is never asked; one that is down gets one request, the job stops (kept) and the CLI says which', async () => {
    const seeds = Array.from({ length: 20 }, (_, i) => ({ repetitions: 1, metadata: { topic: `topic ${i}` } }));
    const settings = (baseUrl: string) => ({
      'datagenflow.models': [{ name: 'fake', baseUrl, model: 'fake-model' }],
      'datagenflow.concurrency': 4,
      'datagenflow.retries': 0,
    });
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.vscode/settings.json': settings(server.baseUrl) });
    const first = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--json'], { cwd: ws });
    assert.equal(first.code, 0, first.stderr);
    const job = outcome(first.stdout).jobId;

    // Nothing changed: every answer is stored, the endpoint is not asked at all.
    server.resetCounters();
    const same = await runCli(['rerun', '--job', String(job), '--json'], { cwd: ws });
    assert.equal(same.code, 0, same.stderr);
    assert.equal(server.counters.requests, 0);
    assert.equal(outcome(same.stdout).generated, seeds.length);

    // The endpoint moved to one that cannot be used (every request misses): the first miss is the only request sent.
    const text = await readFile(join(ws, 'p.dgf.json'), 'utf8');
    await writeFile(join(ws, 'p.dgf.json'), text.replace('Answer: {{ assistant }}', 'Answer briefly: {{ assistant }}'));
    await writeFile(join(ws, '.vscode', 'settings.json'), JSON.stringify(settings(locked.baseUrl)));
    locked.resetCounters();
    const down = await runCli(['rerun', '--job', String(job), '--json'], { cwd: ws });
    assert.equal(down.code, 1, down.stderr);
    assert.equal(locked.counters.requests, 1, 'the first miss was the check');
    assert.equal(locked.counters.byStatus[401], 1);
    assert.match(down.stderr, new RegExp(`^Could not run: the endpoint of model 'fake' \\(${locked.baseUrl.replace(/[./]/g, '\\$&')}\\) does not answer: .*401`, 'm'));
    const stopped = outcome(down.stdout);
    assert.equal(stopped.status, 'cancelled');
    assert.match(down.stderr, new RegExp(`resume with: datagenflow resume --job ${stopped.jobId}`));
  });
});
