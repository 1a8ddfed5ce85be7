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
    assert.deepEqual(summary, { first: ['Line 2: e1', 'e2', 'Line 9: e3'], more: 2, errors: 4, warnings: 1 });
  });

  it('handles fewer problems than the maximum, and another maximum', () => {
    assert.deepEqual(summarizeProblems([problem('warning', 'w')]), { first: ['w'], more: 0, errors: 0, warnings: 1 });
    assert.deepEqual(summarizeProblems([problem('error', 'a'), problem('error', 'b')], 1), { first: ['a'], more: 1, errors: 2, warnings: 0 });
    assert.deepEqual(summarizeProblems([]), { first: [], more: 0, errors: 0, warnings: 0 });
  });
});
