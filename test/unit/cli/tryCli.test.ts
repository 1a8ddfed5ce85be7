import assert from 'node:assert/strict';
import { access, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodeTryFiles } from '../../../src/core/try/nodeTryFiles';
import { TryStore } from '../../../src/core/try/tryStore';
import type { RunPlan } from '../../../src/core/plan/planTypes';
import type { TryRecord } from '../../../src/core/try/tryTypes';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

type TryJson = TryRecord & { pipelinePath: string; errorSource?: { path: string; line: number; column: number } };

describe('datagenflow try (Try this seed)', function () {
  this.timeout(60_000);
  let server: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start({});
  });
  after(() => server.close());

  const seeds = [
    { repetitions: 1, metadata: { topic: 'tides' } },
    { repetitions: 3, metadata: { topic: 'bicycles' } },
  ];
  const settings = () => ({ 'datagenflow.models': [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }] });

  it('runs the chosen seed, prints each block with its output, time and tokens, keeps the try (not a job) and reuses its answers the next time', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.vscode/settings.json': settings() });
    server.resetCounters();
    const text = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--seed', '2'], { cwd: ws });
    assert.equal(text.code, 0, text.stderr);
    assert.equal(server.counters.chat, 2, 'one call per block, no endpoint check');
    assert.match(text.stdout, /^Try of p\.dgf\.json, Seed 2 of seeds\.json$/m);
    assert.match(text.stdout, /^✓ question \(TextGenerator\) {2}\d+ ms {2}tokens in \d+ \/ out \d+$/m);
    assert.match(text.stdout, /^ {4}"assistant": "Echo: Ask about bicycles",$/m);
    assert.match(text.stdout, /^✓ answer \(TextGenerator\) {2}\d+ ms {2}tokens in \d+ \/ out \d+$/m);
    assert.match(text.stdout, /^ {4}"assistant": "Echo: Answer: Echo: Ask about bicycles",$/m);
    assert.match(text.stdout, /^succeeded in \d+ ms; tokens in \d+ \/ out \d+$/m);
    assert.ok(text.stdout.indexOf('✓ question') < text.stdout.indexOf('✓ answer'));

    await assert.rejects(access(join(ws, '.datagenflow', 'datagenflow.db')), 'a try makes no job: no database');
    const kept = await new TryStore(nodeTryFiles(join(ws, '.datagenflow', 'tries'))).list('p.dgf.json');
    assert.equal(kept.length, 1);
    assert.deepEqual([kept[0].seedIndex, kept[0].status, kept[0].blocks.map((b) => b.blockId)], [1, 'succeeded', ['question', 'answer']]);

    // Edit the last prompt: the first block's answer is reused, only the last block calls.
    const pipeline = await readFile(join(ws, 'p.dgf.json'), 'utf8');
    await writeFile(join(ws, 'p.dgf.json'), pipeline.replace('Answer: {{ assistant }}', 'Answer briefly: {{ assistant }}'));
    server.resetCounters();
    const json = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--seed', '2', '--json'], { cwd: ws });
    assert.equal(json.code, 0, json.stderr);
    assert.equal(server.counters.chat, 1);
    const record = JSON.parse(json.stdout) as TryJson;
    assert.equal(record.pipelinePath, 'p.dgf.json');
    assert.deepEqual(record.blocks.map((b) => [b.blockId, b.reused ?? false]), [['question', true], ['answer', false]]);
    assert.equal(record.output?.assistant, 'Echo: Answer briefly: Echo: Ask about bicycles');
    assert.equal((await new TryStore(nodeTryFiles(join(ws, '.datagenflow', 'tries'))).list('p.dgf.json')).length, 2, 'the last tries are kept to compare');
  });

  it('points a failed block at its block and the template line in the pipeline file, exit 3; refuses a seed that is not there', async () => {
    const pipeline = twoStepPipeline({ id: 'grade', type: 'TextGenerator', config: { user_prompt: 'Grade:\n{{ assistant }} against {{ topic.name }}' }, position: { x: 0, y: 200 } });
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': seeds, '.vscode/settings.json': settings() });
    const failed = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--seed', '2'], { cwd: ws });
    assert.equal(failed.code, 3, failed.stderr);
    assert.match(failed.stdout, /^✓ question /m);
    assert.match(failed.stdout, /^✓ answer /m);
    assert.match(failed.stdout, /^✗ grade \(TextGenerator\)/m);
    assert.match(failed.stdout, /^failed in /m);
    // The template is the JSON string "Grade:\n{{ assistant }} against {{ topic.name }}": the engine puts the error at
    // line 2, column 25 of the template (its `{{ topic.name }}`), which in the file is 24 characters after where line 2 starts (after `\n`).
    const fileText = await readFile(join(ws, 'p.dgf.json'), 'utf8');
    const lines = fileText.split('\n');
    const line = lines.findIndex((l) => l.includes('against {{ topic.name }}')) + 1;
    const column = lines[line - 1].indexOf('{{ assistant }} against') + 24 + 1;
    assert.match(failed.stderr, new RegExp(`^p\\.dgf\\.json:${line}:${column}: error: Block 'grade' \\(TextGenerator\\), user_prompt: 'topic\\.name' is undefined \\(line 2, column 25\\)`, 'm'));

    const json = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--seed', '2', '--json'], { cwd: ws });
    assert.equal(json.code, 3);
    const record = JSON.parse(json.stdout) as TryJson;
    assert.deepEqual([record.error?.blockId, record.error?.field, record.error?.line, record.error?.column], ['grade', 'user_prompt', 2, 25]);
    assert.deepEqual(record.errorSource, { path: 'p.dgf.json', line, column });

    const missing = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--seed', '3'], { cwd: ws });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /seeds\.json has no seed 3 \(it has 2 usable seeds\)/);
    const usage = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--seed', '0'], { cwd: ws });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--seed must be an integer ≥ 1, got '0'/);
    assert.deepEqual((await readdir(join(ws, '.datagenflow'))).sort(), ['cache', 'tries'], 'no jobs database');
  });

  it('datagenflow plan takes its output tokens from the kept tries before any job, and says so', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.vscode/settings.json': settings() });
    const plan = async () => {
      const r = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json', '--json'], { cwd: ws });
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as RunPlan;
    };
    assert.deepEqual((await plan()).blocks.map((b) => b.outputSource), ['max-tokens', 'max-tokens']);
    const t = await runCli(['try', 'p.dgf.json', '--seeds', 'seeds.json', '--json'], { cwd: ws });
    assert.equal(t.code, 0, t.stderr);
    const record = JSON.parse(t.stdout) as TryJson;
    const after = await plan();
    assert.deepEqual(after.blocks.map((b) => b.outputSource), ['tries', 'tries']);
    assert.deepEqual(after.blocks.map((b) => b.outputTokens), record.blocks.map((b) => 4 * (b.usage?.output_tokens ?? NaN)), 'the try\'s answers × 4 units');
    assert.equal(after.historyTries, 1);
    assert.ok(after.notes.includes('Output tokens and outputs from 1 kept try(s) of this pipeline (no earlier job).'));
  });
});
