import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

// The CLI runs templates under the budgets of .vscode/settings.json, a unit over one fails alone, and Ctrl+C stops a
// render that would run for hours. The old CLI rendered on its main thread: the SIGINT handler never ran until the
// render ended (minutes), so this test hit mocha's timeout.
const loops = '{% for i in range(n) %}{% for j in range(n) %}x{% endfor %}{% endfor %}';

describe('datagenflow CLI: template budgets', function () {
  this.timeout(60_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
  });
  afterEach(() => server.close());

  it('fails only the units over the budgets of .vscode/settings.json, with block, field and limit; exit 3', async () => {
    const pipeline = twoStepPipeline();
    (pipeline.blocks[1].config as Record<string, unknown>).user_prompt = `Answer: {{ assistant }}${loops}`;
    const ws = await workspace({
      'p.dgf.json': pipeline,
      'seeds.json': [
        { repetitions: 2, metadata: { topic: 'tea', n: 2 } },
        { repetitions: 1, metadata: { topic: 'slow', n: 100000 } },
      ],
      '.vscode/settings.json': { 'datagenflow.templates.renderTimeoutMs': 400 },
    });
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl'], { cwd: ws });
    assert.equal(r.code, 3, r.stderr);
    const records = (await readFile(join(ws, 'out.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { status: string; metadata: { topic: string } });
    assert.deepEqual(records.map((x) => x.metadata.topic).sort(), ['slow', 'tea', 'tea']);
    const failed = records.filter((x) => x.status === 'failed');
    assert.deepEqual(failed.map((x) => x.metadata.topic), ['slow']);
    assert.match(JSON.stringify(failed[0]), /Block 'answer' \(TextGenerator\), user_prompt: rendering took longer than the 400 ms time budget/);
    assert.doesNotMatch(r.stderr, /unknown path|\n\s+at /);
  });

  it('verify flags a template sure to go over a budget with file:line:col, naming block and field; exit 1', async () => {
    const pipeline = twoStepPipeline();
    (pipeline.blocks[0].config as Record<string, unknown>).user_prompt = 'Ask {% for i in range(100000000) %}x{% endfor %}';
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': [{ repetitions: 1, metadata: { topic: 'tea' } }] });
    const r = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout + r.stderr, /p\.dgf\.json:\d+:\d+: error: Block "question" \(TextGenerator\), config "user_prompt": range\(100000000\) \(line 1, column 22\) would build 100,000,000 items/);
  });

  it('Ctrl+C during a render that would run for hours exits 130', async () => {
    const pipeline = twoStepPipeline();
    (pipeline.blocks[1].config as Record<string, unknown>).user_prompt = `Answer: {{ assistant }}${loops}`;
    const ws = await workspace({
      'p.dgf.json': pipeline,
      'seeds.json': [{ repetitions: 1, metadata: { topic: 'tea', n: 100000 } }],
      '.vscode/settings.json': { 'datagenflow.templates.renderTimeoutMs': 3_600_000 },
    });
    // The first block's request is answered; the second block's render starts right after it.
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], {
      cwd: ws,
      interruptWhen: async () => server.counters.chat >= 1,
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /Cancelling/);
  });
});
