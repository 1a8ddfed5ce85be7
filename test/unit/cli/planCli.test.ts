import assert from 'node:assert/strict';
import type { RunPlan } from '../../../src/core/plan/planTypes';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { PLAN_TOKEN_COUNTING } from '../../fixtures/planTokenCounting';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

describe('datagenflow plan', () => {
  let server: FakeOpenAiServer;
  before(async () => {
    // Usage counted with the plan's tokenizer, so the run's actual tokens and the plan's estimate compare.
    server = await FakeOpenAiServer.start({ latencyMs: 5, tokens: PLAN_TOKEN_COUNTING });
  });
  after(() => server.close());

  async function planned(ws: string): Promise<RunPlan> {
    const r = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json', '--json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as RunPlan;
  }

  it('estimates before any job without calling the endpoint, then from the job: input tokens equal, output and time measured', async () => {
    const seeds = [
      { repetitions: 2, metadata: { topic: 'tides' } },
      { repetitions: 1, metadata: { topic: 'bicycles' } },
    ];
    const settings = {
      'datagenflow.models': [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: 1, pricePer1kOutput: 2 }],
      'datagenflow.concurrency': 2,
    };
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.vscode/settings.json': settings });
    server.resetCounters();
    const before = await planned(ws);
    assert.equal(server.counters.requests, 0, 'a plan sends nothing');
    assert.equal(before.units, 3);
    assert.deepEqual(before.blocks.map((b) => [b.id, b.calls, b.outputSource]), [['question', 3, 'max-tokens'], ['answer', 3, 'max-tokens']]);
    assert.equal(before.time.source, 'unknown');
    assert.ok(before.notes.some((n) => n.includes('question.assistant')));

    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--json'], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    const job = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { usage: { input_tokens: number; output_tokens: number } };

    const after = await planned(ws);
    assert.equal(after.totals.inputTokens, job.usage.input_tokens);
    assert.equal(after.totals.outputTokens, job.usage.output_tokens);
    assert.equal(after.totals.outputSource, 'earlier-jobs');
    assert.equal(after.time.source, 'earlier-jobs');
    assert.ok((after.time.ms ?? 0) > 0);
    assert.ok(Math.abs((after.totals.cost ?? 0) - (job.usage.input_tokens * 1 + job.usage.output_tokens * 2) / 1000) < 1e-9);

    const table = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json'], { cwd: ws });
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^Plan: QA — 3 unit\(s\) from 2 seed\(s\), prompts rendered for 2$/m);
    assert.match(table.stdout, /^question\s+TextGenerator\s+3\s+[\d,]+\s+[\d,]+ \(earlier jobs\)\s+\$/m);
    assert.match(table.stdout, /^TOTAL\s+6\s/m);
    assert.match(table.stdout, /^Time: .* at concurrency 2 \(from earlier jobs\)$/m);
  });

  it('refuses a pipeline with errors like run does, and needs --seeds', async () => {
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: 1, metadata: {} }] });
    const r = await runCli(['plan', 'p.dgf.json', '--seeds', 'seeds.json'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No plan: fix the errors above/);
    const usage = await runCli(['plan', 'p.dgf.json'], { cwd: ws });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /plan needs --seeds <file>/);
  });
});
