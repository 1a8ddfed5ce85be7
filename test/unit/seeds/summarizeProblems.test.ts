import assert from 'node:assert/strict';
import type { Problem } from '../../../src/core/problems';
import { summarizeProblems } from '../../../src/core/seeds/summarizeProblems';

const problem = (severity: Problem['severity'], message: string, line?: number): Problem => ({
  severity,
  code: 'x',
  message,
  path: [],
  ...(line ? { range: { line, column: 1, endLine: line, endColumn: 2 } } : {}),
});

describe('summarizeProblems', () => {
  it('gives the first 3, errors before warnings, plus a count of the rest', () => {
    const summary = summarizeProblems([problem('warning', 'w1', 1), problem('error', 'e1', 2), problem('error', 'e2'), problem('error', 'e3', 9), problem('error', 'e4')]);
    assert.deepEqual(summary, { first: ['Line 2: e1', 'e2', 'Line 9: e3'], more: 2, errors: 4, warnings: 1, text: 'Line 2: e1. e2. Line 9: e3. (+2 more)' });
  });

  it('handles fewer problems than the maximum, and another maximum', () => {
    assert.deepEqual(summarizeProblems([problem('warning', 'w')]), { first: ['w'], more: 0, errors: 0, warnings: 1, text: 'w.' });
    assert.deepEqual(summarizeProblems([problem('error', 'a'), problem('error', 'b')], 1), { first: ['a'], more: 1, errors: 2, warnings: 0, text: 'a. (+1 more)' });
    assert.deepEqual(summarizeProblems([]), { first: [], more: 0, errors: 0, warnings: 0, text: '' });
  });

  it('joins messages as sentences: one full stop each, never ".;"', () => {
    const summary = summarizeProblems([
      problem('error', 'Seed 2 has no field "metadata".', 7),
      problem('error', 'Expected a comma', 15),
      problem('warning', 'Is this a typo?'),
    ]);
    assert.equal(summary.text, 'Line 7: Seed 2 has no field "metadata". Line 15: Expected a comma. Is this a typo?');
    assert.doesNotMatch(summary.text, /[.!?];|\.\./);
  });
});
