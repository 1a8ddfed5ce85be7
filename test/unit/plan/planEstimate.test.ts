import assert from 'node:assert/strict';
import { estimateVsActual, estimateVsActualText, formatDuration, storedEstimate, type PlanEstimate } from '../../../src/core/plan/planEstimate';

const estimate: PlanEstimate = {
  units: 10,
  calls: 20,
  inputTokens: 1000,
  outputTokens: 500,
  outputSource: 'earlier-jobs',
  cost: 2,
  costComplete: true,
  timeMs: 60_000,
  prices: { perKInput: 1, perKOutput: 2 },
};
const job = { usage: { input_tokens: 1100, output_tokens: 400, cached_tokens: 0 }, elapsedMs: 50_000 };

describe('plan estimate stored with a job', () => {
  it('survives the job metadata round trip and refuses malformed values', () => {
    assert.deepEqual(storedEstimate(JSON.parse(JSON.stringify({ plan: estimate, out: 'x' }))), estimate);
    assert.equal(storedEstimate({}), undefined);
    assert.equal(storedEstimate({ plan: { units: 'ten' } }), undefined);
    assert.equal(storedEstimate({ plan: [1] }), undefined);
  });

  it('compares estimated and actual tokens, cost at the plan prices and time', () => {
    assert.deepEqual(estimateVsActual(estimate, job), [
      { label: 'Input tokens', estimated: '1,000', actual: '1,100', delta: '−9.1%' },
      { label: 'Output tokens', estimated: '500', actual: '400', delta: '+25.0%' },
      { label: 'Cost', estimated: '$2.00', actual: '$1.90', delta: '+5.3%' },
      { label: 'Time', estimated: '1:00', actual: '50.0 s', delta: '+20.0%' },
    ]);
    assert.equal(
      estimateVsActualText({ ...estimate, outputSource: 'max-tokens', timeMs: undefined }, job),
      'tokens in 1,000 est. / 1,100 (−9.1%) · out 500 (max) est. / 400 (+25.0%) · cost $2.00 est. / $1.90 (+5.3%) · time ? est. / 50.0 s',
    );
  });

  it('formats durations', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_340), '12.3 s');
    assert.equal(formatDuration(245_000), '4:05');
    assert.equal(formatDuration(3_723_000), '1:02:03');
  });
});
