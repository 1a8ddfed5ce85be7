import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { MultiplierBlockDefinition, NormalBlockDefinition } from '../../../src/core/blocks/blockTypes';
import type { TokenUsage } from '../../../src/core/llm/llmTypes';
import type { BlockSpec, Constraints } from '../../../src/core/pipeline/pipelineTypes';
import { runJob } from '../../../src/core/run/jobRunner';
import type { RunOptions } from '../../../src/core/run/runTypes';
import type { UnitResult } from '../../../src/core/records/unitResult';
import type { Seed } from '../../../src/core/seeds/seedTypes';
import { ScriptedLlm } from '../helpers/scriptedLlm';

// Budgets stop AT the limit (issue 12). The original checks `current >= limit` after each unit
// (lib/entities/pipeline.py Constraints.is_exceeded); these tests replay tests/test_constraints.py through runJob.

/** A block that spends the tokens its state's `cost` says, optionally waiting until the test lets it finish. */
class Spender {
  readonly started: number[] = [];
  inFlight = 0;
  peak = 0;
  /** In-flight count each time a unit started. */
  readonly inFlightAtStart: number[] = [];
  private readonly holds = new Map<number, () => void>();
  /** Units whose index is here wait for `release(index)`. */
  constructor(private readonly held: (index: number) => boolean = () => false) {}

  readonly definition: NormalBlockDefinition = {
    type: 'Spend', name: 'Spend', description: '', category: 'general', inputs: ['cost'], outputs: ['spent'], isMultiplier: false,
    configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
    requiredFields: () => ['cost'],
    execute: async (ctx) => {
      const index = Number(ctx.state.i);
      this.started.push(index);
      this.inFlight++;
      this.peak = Math.max(this.peak, this.inFlight);
      this.inFlightAtStart.push(this.inFlight);
      if (this.held(index)) await new Promise<void>((resolve) => this.holds.set(index, resolve));
      else await new Promise((r) => setImmediate(r));
      this.inFlight--;
      const cost = ctx.state.cost as TokenUsage;
      return { output: { spent: cost.input_tokens + cost.output_tokens + cost.cached_tokens }, usage: cost };
    },
  };

  waiting(index: number): boolean {
    return this.holds.has(index);
  }

  release(index: number): void {
    this.holds.get(index)?.();
  }
}

class MemorySink {
  readonly results: UnitResult[] = [];
  async write(r: UnitResult): Promise<void> {
    this.results.push(r);
  }
}

const usage = (input_tokens: number, output_tokens: number, cached_tokens: number): TokenUsage => ({ input_tokens, output_tokens, cached_tokens });
/** 200 tokens a unit: 100 in, 80 out, 20 cached. */
const COST_200 = usage(100, 80, 20);
/** The original's MockBlock: 50 in, 100 out, 20 cached = 170 a unit. */
const COST_170 = usage(50, 100, 20);
const spendSpec: BlockSpec = { id: 'spend', type: 'Spend', config: {}, position: { x: 0, y: 0 } };
const costSeeds = (n: number, cost: (i: number) => TokenUsage = () => COST_200): Seed[] =>
  Array.from({ length: n }, (_, i) => ({ repetitions: 1, metadata: { i, cost: cost(i) } }));
const total = (u: TokenUsage) => u.input_tokens + u.output_tokens + u.cached_tokens;
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
};

function run(spender: Spender, sink: MemorySink, constraints: Constraints, more: Partial<RunOptions> = {}) {
  return runJob({
    jobId: 'j', blocks: [spendSpec], seeds: costSeeds(10), registry: createBlockRegistry([spender.definition]), llm: new ScriptedLlm(),
    sink, concurrency: 1, constraints, ...more,
  });
}

describe('constraints stop a job at the limit', () => {
  it('max_total_tokens 600 at 200 a unit: 3 records, not 4 (mirrors tests/test_constraints.py::test_multiplier_pipeline_stops_at_max_total_tokens, current >= limit)', async () => {
    const spender = new Spender();
    const sink = new MemorySink();
    const summary = await run(spender, sink, { max_total_tokens: 600 });
    assert.equal(summary.status, 'stopped');
    assert.equal(summary.reason, 'max_total_tokens reached: 600 of 600');
    assert.equal(sink.results.length, 3);
    assert.equal(spender.started.length, 3, 'no fourth unit started');
    assert.equal(total(summary.usage), 600);
  });

  for (const [name, limit, unitShare] of [
    // mirrors tests/test_constraints.py::test_multiplier_pipeline_with_max_total_input_tokens
    ['max_total_input_tokens', 300, 100],
    // mirrors tests/test_constraints.py::test_multiplier_pipeline_with_max_total_output_tokens
    ['max_total_output_tokens', 240, 80],
    // no original test: Constraints.is_exceeded checks cached tokens the same way (lib/entities/pipeline.py)
    ['max_total_cached_tokens', 60, 20],
  ] as const) {
    it(`${name} ${limit} at ${unitShare} a unit stops after exactly 3 units (mirrors tests/test_constraints.py, ${name})`, async () => {
      const spender = new Spender();
      const sink = new MemorySink();
      const summary = await run(spender, sink, { [name]: limit });
      assert.equal(summary.status, 'stopped');
      assert.equal(summary.reason, `${name} reached: ${limit} of ${limit}`);
      assert.equal(sink.results.length, 3);
      assert.equal(spender.started.length, 3);
    });
  }

  it('the unit that crosses the limit is the last: 170 a chunk against 500 gives 3 chunks and 510 (mirrors tests/test_constraints.py::test_multiplier_pipeline_stops_at_max_total_tokens), and concurrency 4 never starts a 4th', async () => {
    const tenChunks: MultiplierBlockDefinition = {
      type: 'TenChunks', name: 'TenChunks', description: '', category: 'seeders', inputs: ['file_content'], outputs: ['i', 'cost'], isMultiplier: true,
      configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
      requiredFields: () => ['file_content'],
      execute: async () => ({ items: Array.from({ length: 10 }, (_, i) => ({ i, cost: COST_170 })) }),
    };
    const spender = new Spender();
    const sink = new MemorySink();
    const summary = await runJob({
      jobId: 'j', blocks: [{ id: 'm', type: 'TenChunks', config: {}, position: { x: 0, y: 0 } }, spendSpec], seeds: [{ repetitions: 1, metadata: { file_content: 'test' } }],
      registry: createBlockRegistry([tenChunks, spender.definition]), llm: new ScriptedLlm(), sink, concurrency: 4, constraints: { max_total_tokens: 500 },
    });
    assert.equal(summary.status, 'stopped');
    assert.equal(sink.results.length, 3);
    assert.ok(total(summary.usage) >= 500, 'the original asserts the usage reached the limit');
    assert.equal(summary.reason, 'max_total_tokens reached: 510 of 500');
    // Planned: 1 unit until a cost is known, then 170 + n × 170 < 500 admits 2 more, and no 4th.
    assert.equal(spender.started.length, 3);
    assert.equal(spender.inFlightAtStart[0], 1);
    assert.ok(spender.peak <= 2, `peak ${spender.peak}`);
  });

  it('concurrency 4, 600 at 200 a unit: one unit until a cost is observed, then no more than the budget allows (3 started in all)', async () => {
    const spender = new Spender((i) => i === 0);
    const sink = new MemorySink();
    const job = run(spender, sink, { max_total_tokens: 600 }, { concurrency: 4 });
    await until(() => spender.waiting(0));
    // Give the other workers every chance to start a unit while the first one runs: none may.
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(spender.started, [0], 'before the first unit finishes, only one runs');
    spender.release(0);
    const summary = await job;
    assert.equal(summary.status, 'stopped');
    assert.equal(summary.reason, 'max_total_tokens reached: 600 of 600');
    assert.equal(spender.started.length, 3);
    assert.equal(sink.results.length, 3);
  });

  it('units in flight when the limit is reached finish and are stored; the reason says how far over they took it', async () => {
    // Seed 0 alone (200), then 200 + n × 200 < 1000 admits seeds 1-4 at once; seed 1 costs 800 and reaches the
    // limit while 2, 3 and 4 still run. They finish (+600) and nothing else starts.
    const spender = new Spender((i) => i >= 1);
    const sink = new MemorySink();
    const job = run(spender, sink, { max_total_tokens: 1000 }, { concurrency: 8, seeds: costSeeds(10, (i) => (i === 1 ? usage(400, 400, 0) : COST_200)) });
    await until(() => [1, 2, 3, 4].every((i) => spender.waiting(i)));
    spender.release(1);
    await until(() => sink.results.some((r) => r.seedIndex === 1));
    for (const i of [2, 3, 4]) spender.release(i);
    const summary = await job;
    assert.equal(summary.status, 'stopped');
    assert.equal(summary.reason, 'max_total_tokens reached: 1600 of 1000 (3 units in flight when it was reached at 1000 finished, +600)');
    assert.deepEqual(sink.results.map((r) => r.key).sort(), ['s0.r0', 's1.r0', 's2.r0', 's3.r0', 's4.r0']);
    assert.ok(sink.results.every((r) => r.status === 'succeeded'));
    assert.deepEqual([...spender.started].sort(), [0, 1, 2, 3, 4], 'no unit started once the limit was reached');
    assert.equal(total(summary.usage), 1600);
  });

  it('time limit: no unit starts once the elapsed time reaches it, and the units in flight finish and are stored', async () => {
    const spender = new Spender(() => true);
    const sink = new MemorySink();
    const started = Date.now();
    const job = run(spender, sink, { max_total_execution_time: 0.5 }, { concurrency: 2 });
    await until(() => spender.waiting(0) && spender.waiting(1));
    await until(() => Date.now() - started > 800); // past the limit, with both units still running
    spender.release(0);
    spender.release(1);
    const summary = await job;
    assert.equal(summary.status, 'stopped');
    assert.match(summary.reason ?? '', /^max_total_execution_time reached: \d+\.\d s of 0\.5 s \(2 units in flight when it was reached at \d+\.\d s finished, \+\d+\.\d s\)$/);
    assert.equal(sink.results.length, 2, 'the units in flight were not aborted');
    assert.deepEqual([...spender.started].sort(), [0, 1]);
  });

  it('a time limit earlier runs reached starts nothing on resume', async () => {
    const spender = new Spender();
    const sink = new MemorySink();
    const summary = await run(spender, sink, { max_total_execution_time: 2 }, { previousElapsedMs: 5000, concurrency: 4 });
    assert.equal(summary.status, 'stopped');
    assert.match(summary.reason ?? '', /^max_total_execution_time reached: 5\.0 s of 2 s by earlier runs of this job, so this run started no unit/);
    assert.equal(spender.started.length, 0);
  });

  describe('resume of a stopped job', () => {
    it('counts the usage of earlier runs: 200 used, limit 400, 170 a unit gives 2 more units (mirrors tests/test_constraints.py::test_constraint_checking_uses_cumulative_usage)', async () => {
      const spender = new Spender();
      const sink = new MemorySink();
      const summary = await run(spender, sink, { max_total_tokens: 400 }, {
        concurrency: 4, seeds: costSeeds(5, () => COST_170), previousUsage: usage(100, 100, 0), previousElapsedMs: 1000, doneKeys: new Set(['s0.r0']),
      });
      assert.equal(summary.status, 'stopped');
      assert.equal(summary.reason, 'max_total_tokens reached: 540 of 400');
      assert.deepEqual(sink.results.map((r) => r.key), ['s1.r0', 's2.r0']);
      assert.equal(spender.started.length, 2);
    });

    it('a job the limit stopped, resumed with the same limit, starts no unit and says why', async () => {
      const spender = new Spender();
      const sink = new MemorySink();
      const summary = await run(spender, sink, { max_total_tokens: 600 }, {
        concurrency: 4, previousUsage: usage(300, 240, 60), previousElapsedMs: 1000, doneKeys: new Set(['s0.r0', 's1.r0', 's2.r0']),
      });
      assert.equal(summary.status, 'stopped');
      assert.equal(summary.reason, 'max_total_tokens reached: 600 of 600 by earlier runs of this job, so this run started no unit. The limit counts the whole job; start a new job to generate more.');
      assert.equal(summary.skipped, 3);
      assert.equal(spender.started.length, 0);
    });

    it('a job with nothing left to run completes, whatever its usage', async () => {
      const spender = new Spender();
      const summary = await run(spender, new MemorySink(), { max_total_tokens: 600 }, {
        seeds: costSeeds(3), previousUsage: usage(300, 240, 60), previousElapsedMs: 1000, doneKeys: new Set(['s0.r0', 's1.r0', 's2.r0']),
      });
      assert.equal(summary.status, 'completed');
      assert.equal(summary.reason, undefined);
    });
  });

  it('a far limit only holds the first unit alone; then concurrency is full (mirrors tests/test_constraints.py::test_empty_constraints_allows_unlimited_execution for the limits it never reaches)', async () => {
    const spender = new Spender((i) => i <= 4);
    const sink = new MemorySink();
    const job = run(spender, sink, { max_total_tokens: 1_000_000 }, { concurrency: 4, seeds: costSeeds(12, () => usage(0, 10000, 0)) });
    await until(() => spender.waiting(0));
    for (let k = 0; k < 20; k++) await new Promise((r) => setImmediate(r));
    assert.deepEqual(spender.started, [0]);
    spender.release(0);
    await until(() => [1, 2, 3, 4].every((i) => spender.waiting(i)));
    for (const i of [1, 2, 3, 4]) spender.release(i);
    const summary = await job;
    assert.equal(summary.status, 'completed');
    assert.equal(sink.results.length, 12);
    assert.equal(spender.peak, 4);
  });
});
