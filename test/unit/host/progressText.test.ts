import assert from 'node:assert/strict';
import { percentDone, progressMessage } from '../../../src/host/progressText';

describe('progress text', () => {
  const usage = { input_tokens: 0, output_tokens: 0, cached_tokens: 0 };

  it('a resumed job says how many units were already done, and its percentage counts them', () => {
    const p = { total: 240, skipped: 24, succeeded: 200, failed: 0, currentSeed: 240, totalSeeds: 240, elapsedMs: 65_000, usage };
    assert.equal(progressMessage(p), 'seed 240/240 · 200 ok · 0 failed · 24 already done · 1:05');
    assert.equal(percentDone(p), 93);
  });

  it('a new job says nothing about earlier runs', () => {
    const p = { total: 10, skipped: 0, succeeded: 4, failed: 1, currentSeed: 5, totalSeeds: 10, currentBlock: 'Ask the question', elapsedMs: 12_000, usage };
    assert.equal(progressMessage(p), 'seed 5/10 · Ask the question · 4 ok · 1 failed · 0:12');
  });
});
