import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { RunPlan } from '../../../src/core/plan/planTypes';
import { canvasFields } from '../../../src/editor/canvasFields';
import { CanvasPlan, type CanvasPlanner } from '../../../src/editor/canvasPlan';
import { canvasPlanDetails, canvasPlanSummary } from '../../../src/editor/canvasPlanText';
import type { EditorPlan } from '../../../src/shared/editorProtocol';

/** Timers the test runs by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (run: () => void) => {
      pending.set(++next, run);
      return next;
    },
    clearTimer: (t: unknown) => void pending.delete(t as number),
    count: () => pending.size,
    fire: () => {
      const runs = [...pending.values()];
      pending.clear();
      runs.forEach((r) => r());
    },
  };
}

/** A planner whose plans the test resolves or rejects, recording the signal of each call. */
function fakePlanner() {
  const calls: { seedFile: string; signal: AbortSignal; resolve(summary: string): void; reject(e: Error): void }[] = [];
  const planner: CanvasPlanner = (seedFile, signal) =>
    new Promise((resolve, reject) => calls.push({ seedFile, signal, resolve: (summary) => resolve({ summary, details: [`for ${seedFile}`] }), reject }));
  return { planner, calls };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('Canvas plan (debounced, cancellable, no VS Code)', () => {
  it('plans once after a burst of changes, not per change', async () => {
    const timers = manualTimers();
    const { planner, calls } = fakePlanner();
    const posted: EditorPlan[] = [];
    const plan = new CanvasPlan({ target: () => ({ seedFile: 'seeds.json' }), planner, post: (p) => posted.push(p), ...timers });
    plan.schedule();
    plan.schedule();
    plan.schedule();
    assert.equal(calls.length, 0, 'nothing runs on the keystroke');
    assert.equal(timers.count(), 1, 'each change replaces the waiting one');
    timers.fire();
    assert.equal(calls.length, 1);
    calls[0].resolve('~3 calls');
    await settle();
    assert.deepEqual(posted, [
      { state: 'planning', seedFile: 'seeds.json' },
      { state: 'ready', seedFile: 'seeds.json', summary: '~3 calls', details: ['for seeds.json'] },
    ]);
  });

  it('changes while nobody sees the canvas plan nothing', () => {
    const timers = manualTimers();
    const { planner, calls } = fakePlanner();
    let visible = false;
    const plan = new CanvasPlan({ target: () => ({ seedFile: 's.json' }), planner, post: () => undefined, active: () => visible, ...timers });
    plan.schedule();
    assert.equal(timers.count(), 0);
    visible = true;
    plan.schedule();
    timers.fire();
    assert.equal(calls.length, 1);
  });

  it('a newer plan aborts the running one, whose result is never posted', async () => {
    const { planner, calls } = fakePlanner();
    const posted: EditorPlan[] = [];
    const plan = new CanvasPlan({ target: () => ({ seedFile: 's.json' }), planner, post: (p) => posted.push(p), ...manualTimers() });
    void plan.now();
    void plan.now();
    assert.equal(calls.length, 2);
    assert.equal(calls[0].signal.aborted, true);
    assert.equal(calls[1].signal.aborted, false);
    calls[1].resolve('new');
    calls[0].resolve('old');
    await settle();
    assert.deepEqual(
      posted.filter((p) => p.state === 'ready').map((p) => p.state === 'ready' && p.summary),
      ['new'],
    );
    assert.equal(posted.at(-1)?.state, 'ready');
  });

  it('a failing planner posts "unavailable" with the reason; no seed file posts no-seeds without planning', async () => {
    const { planner, calls } = fakePlanner();
    const posted: EditorPlan[] = [];
    const chosen: { seedFile?: string } = {};
    const plan = new CanvasPlan({ target: () => ({ ...chosen }), planner, post: (p) => posted.push(p), ...manualTimers() });
    await plan.now();
    assert.deepEqual(posted, [{ state: 'no-seeds' }]);
    assert.equal(calls.length, 0);
    chosen.seedFile = 'bad.json';
    const done = plan.now();
    calls[0].reject(new Error('bad.json has 1 error(s): seed 2 is not an object'));
    await done;
    assert.deepEqual(posted.at(-1), { state: 'unavailable', seedFile: 'bad.json', reason: 'bad.json has 1 error(s): seed 2 is not an object' });
  });

  it('after dispose nothing waits, the running plan is aborted and nothing more is posted', async () => {
    const timers = manualTimers();
    const { planner, calls } = fakePlanner();
    const posted: EditorPlan[] = [];
    const plan = new CanvasPlan({ target: () => ({ seedFile: 's.json' }), planner, post: (p) => posted.push(p), ...timers });
    void plan.now();
    plan.schedule();
    plan.dispose();
    assert.equal(timers.count(), 0);
    assert.equal(calls[0].signal.aborted, true);
    calls[0].resolve('late');
    await settle();
    assert.deepEqual(posted, [{ state: 'planning', seedFile: 's.json' }]);
  });
});

function runPlan(overrides: Partial<RunPlan> = {}): RunPlan {
  return {
    pipelineName: 'p',
    seeds: 40,
    units: 40,
    unitsExact: true,
    sampledUnits: 25,
    blocks: [
      { id: 'gen', type: 'TextGenerator', calls: 40, inputTokens: 12_000, outputTokens: 8_000, outputSource: 'earlier-jobs', cost: 0.0312, models: ['m'], placeholders: [] },
      { id: 'score', type: 'JsonValidator', calls: 0, inputTokens: 0, outputSource: 'none', cost: 0, models: [], placeholders: [] },
    ],
    totals: { calls: 40, inputTokens: 12_000, outputTokens: 8_000, outputSource: 'earlier-jobs', cost: 0.0312, costComplete: true },
    time: { ms: 65_000, source: 'earlier-jobs', concurrency: 4 },
    historyJobIds: [3],
    notes: ['Model m has no price.'],
    ...overrides,
  };
}

describe('Canvas plan text', () => {
  it('summary: calls, tokens, cost and time, marked as bounds when outputs are max_tokens or unknown', () => {
    assert.equal(canvasPlanSummary(runPlan()), '~40 calls · ~20k tokens · ~$0.03 · ~1:05');
    const bounded = runPlan({ totals: { calls: 1, inputTokens: 300, outputTokens: 500, outputSource: 'max-tokens', cost: 0.002, costComplete: true }, time: { source: 'unknown', concurrency: 4 } });
    assert.equal(canvasPlanSummary(bounded), '~1 call · ≤800 tokens · ≤$0.0020');
    const unpriced = runPlan({ totals: { calls: 2, inputTokens: 1500, outputTokens: 0, outputSource: 'unknown', costComplete: false }, time: { source: 'unknown', concurrency: 1 } });
    assert.equal(canvasPlanSummary(unpriced), '~2 calls · ≥1.5k tokens');
  });

  it('details: units, one line per block, cost, time and the notes', () => {
    assert.deepEqual(canvasPlanDetails(runPlan(), 'seeds.json'), [
      'Plan for seeds.json: 40 unit(s) from 40 seed(s)',
      'gen (TextGenerator): 40 calls · 12,000 input + 8,000 output tokens · $0.03',
      'score (JsonValidator): no model calls',
      'Cost: $0.03',
      'Time: 1:05 at concurrency 4 (from earlier jobs)',
      'Note: Model m has no price.',
    ]);
  });
});

describe('Canvas fields (completion in prompt fields)', () => {
  const pipeline = JSON.stringify({
    version: 1,
    name: 'f',
    blocks: [
      { id: 'gen', type: 'TextGenerator', config: { user_prompt: '{{ topic }}' } },
      { id: 'val', type: 'JsonValidator', config: {} },
    ],
    edges: [
      { source: 'start', target: 'gen' },
      { source: 'gen', target: 'val' },
    ],
  });

  it('seed fields from the seed file, then outputs of earlier blocks, each with its origin', () => {
    const fields = canvasFields(pipeline, 7, createBlockRegistry(), { ok: true, fileName: 'seeds.json', fields: ['topic', 'tone'], seeds: 2 });
    assert.equal(fields?.version, 7);
    assert.deepEqual(fields?.blocks.gen, [
      { name: 'topic', origin: 'seed field · seeds.json' },
      { name: 'tone', origin: 'seed field · seeds.json' },
    ]);
    const atVal = fields?.blocks.val ?? [];
    assert.deepEqual(atVal.slice(0, 2).map((f) => f.name), ['topic', 'tone']);
    assert.ok(atVal.some((f) => f.origin === 'output of block "gen" (TextGenerator)'), JSON.stringify(atVal));
  });

  it('without a readable seed file: the fields the pipeline expects; text that is not JSON gives none', () => {
    const fields = canvasFields(pipeline, 1, createBlockRegistry(), { ok: false, fileName: 'gone.json', reason: 'gone.json was not found' });
    assert.deepEqual(fields?.blocks.gen, [{ name: 'topic', origin: 'seed field · expected (no seed file read)' }]);
    assert.equal(canvasFields('{ "version": 1, ', 2, createBlockRegistry(), undefined), undefined);
  });
});
