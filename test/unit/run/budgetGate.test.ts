import assert from 'node:assert/strict';
import { addUsage, emptyUsage, type TokenUsage } from '../../../src/core/llm/llmTypes';
import type { Constraints } from '../../../src/core/pipeline/pipelineTypes';
import { BudgetGate } from '../../../src/core/run/budgetGate';
import { reachedLimit, stopReason } from '../../../src/core/run/constraints';

const tokens = (n: number): TokenUsage => ({ input_tokens: n, output_tokens: 0, cached_tokens: 0 });

/** A gate over a usage the test adds to, as the runner does; `admitted` counts admissions that resolved true. */
function gateFor(constraints: Constraints, start: TokenUsage = emptyUsage(), elapsed = { ms: 0 }, earlierRuns = false) {
  const usage = addUsage(emptyUsage(), start);
  const gate = new BudgetGate({ constraints, usage, elapsedMs: () => elapsed.ms, earlierRuns });
  const outcomes: boolean[] = [];
  const ask = () => {
    void gate.admit().then((ok) => outcomes.push(ok));
  };
  const finish = (cost: TokenUsage) => {
    addUsage(usage, cost);
    gate.finish(cost);
  };
  return { gate, usage, outcomes, ask, finish };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('BudgetGate', () => {
  it('reached means total >= limit, as the original Constraints.is_exceeded (lib/entities/pipeline.py; tests/test_constraints.py)', () => {
    assert.equal(reachedLimit({ max_total_tokens: 600 }, tokens(599), 0), undefined);
    assert.deepEqual(reachedLimit({ max_total_tokens: 600 }, tokens(600), 0), { name: 'max_total_tokens', max: 600, at: 600 });
    assert.deepEqual(reachedLimit({ max_total_execution_time: 2 }, emptyUsage(), 2000), { name: 'max_total_execution_time', max: 2000, at: 2000 });
    assert.equal(reachedLimit({ max_total_tokens: -1, max_total_execution_time: null }, tokens(1e9), 1e9), undefined);
  });

  it('without token limits admits every unit at once', async () => {
    const { ask, outcomes } = gateFor({ max_total_execution_time: 60 });
    for (let i = 0; i < 10; i++) ask();
    await settle();
    assert.deepEqual(outcomes, Array(10).fill(true));
  });

  it('with a token limit: one unit until a cost is known, then only as many as total + in flight x mean cost < limit', async () => {
    const { ask, outcomes, finish } = gateFor({ max_total_tokens: 1000 });
    for (let i = 0; i < 6; i++) ask();
    await settle();
    assert.deepEqual(outcomes, [true], 'one unit before any cost is observed');
    finish(tokens(200)); // 200 used, mean 200: 200, 400, 600 and 800 projected are below 1000; 1000 is not
    await settle();
    assert.deepEqual(outcomes, [true, true, true, true, true]);
    finish(tokens(200)); // 400 used, 3 in flight: 400 + 3 x 200 = 1000, not below the limit
    await settle();
    assert.equal(outcomes.length, 5);
    finish(tokens(100)); // 500 used, mean 166.7, 2 in flight: 833 < 1000 → one more
    await settle();
    assert.deepEqual(outcomes, [true, true, true, true, true, true]);
  });

  it('once a limit is reached every waiting unit is refused, and the reason counts what the units in flight added', async () => {
    const { gate, ask, outcomes, finish } = gateFor({ max_total_tokens: 600 });
    ask();
    await settle();
    finish(tokens(100)); // mean 100: 100 + n x 100 < 600 admits 5
    for (let i = 0; i < 8; i++) ask();
    await settle();
    assert.equal(outcomes.filter(Boolean).length, 6);
    finish(tokens(550)); // 650 >= 600 with 4 in flight
    await settle();
    assert.deepEqual(outcomes.slice(6), [false, false, false]);
    for (let i = 0; i < 4; i++) finish(tokens(50));
    assert.equal(gate.stoppedByLimit, true);
    assert.equal(gate.stopReason(0), 'max_total_tokens reached: 850 of 600 (4 units in flight when it was reached at 650 finished, +200)');
  });

  it('the time limit refuses new units at the moment it is reached', async () => {
    const elapsed = { ms: 0 };
    const { gate, ask, outcomes } = gateFor({ max_total_execution_time: 1 }, emptyUsage(), elapsed);
    ask();
    ask();
    await settle();
    elapsed.ms = 1000;
    gate.checkNow();
    ask();
    await settle();
    assert.deepEqual(outcomes, [true, true, false]);
    assert.equal(gate.stopReason(1500), 'max_total_execution_time reached: 1.5 s of 1 s (2 units in flight when it was reached at 1.0 s finished, +0.5 s)');
  });

  it('a limit earlier runs reached refuses the first unit and says so; close() refuses waiting units without a limit', async () => {
    const resumed = gateFor({ max_total_output_tokens: 10 }, { input_tokens: 0, output_tokens: 12, cached_tokens: 0 }, { ms: 0 }, true);
    assert.equal(resumed.gate.stoppedByLimit, false, 'nothing refused before a unit is asked for');
    assert.equal(await resumed.gate.admit(), false);
    assert.match(resumed.gate.stopReason(0) ?? '', /^max_total_output_tokens reached: 12 of 10 by earlier runs of this job, so this run started no unit/);

    const { gate, ask, outcomes } = gateFor({ max_total_tokens: 100 });
    ask();
    ask();
    await settle();
    gate.close();
    await settle();
    assert.deepEqual(outcomes, [true, false]);
    assert.equal(gate.stoppedByLimit, false);
  });

  it('stop reasons: no units in flight, one unit, limits of zero', () => {
    assert.equal(stopReason({ reached: { name: 'max_total_tokens', max: 500, at: 510 }, inFlight: 0, final: 510, byEarlierRuns: false }), 'max_total_tokens reached: 510 of 500');
    assert.equal(
      stopReason({ reached: { name: 'max_total_cached_tokens', max: 60, at: 60 }, inFlight: 1, final: 80, byEarlierRuns: false }),
      'max_total_cached_tokens reached: 80 of 60 (1 unit in flight when it was reached at 60 finished, +20)',
    );
    assert.equal(stopReason({ reached: { name: 'max_total_tokens', max: 0, at: 0 }, inFlight: 0, final: 0, byEarlierRuns: false }), 'max_total_tokens reached: 0 of 0');
  });
});
