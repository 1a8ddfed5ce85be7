import assert from 'node:assert/strict';
import type { Problem } from '../../../src/core/problems';

/** The problems with `code`; fails listing every problem when there are none, so a wrong code is easy to see. */
export function withCode(problems: readonly Problem[], code: string): Problem[] {
  const found = problems.filter((p) => p.code === code);
  assert.ok(found.length > 0, `no "${code}" problem in:\n${problems.map((p) => `  ${p.code}: ${p.message}`).join('\n')}`);
  return found;
}

/** The one problem with `code`. */
export function single(problems: readonly Problem[], code: string): Problem {
  const found = withCode(problems, code);
  assert.equal(found.length, 1, `expected one "${code}" problem, got:\n${found.map((p) => `  ${p.message}`).join('\n')}`);
  return found[0];
}

/** Asserts the range starts at `at` (a position from `positionOf`). */
export function assertStartsAt(problem: Problem, at: { line: number; column: number }): void {
  assert.ok(problem.range, `problem has no range: ${problem.message}`);
  assert.deepEqual({ line: problem.range.line, column: problem.range.column }, at, problem.message);
}
