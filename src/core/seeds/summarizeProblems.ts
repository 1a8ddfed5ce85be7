import type { Problem } from '../problems';

export interface ProblemSummary {
  /** Up to `max` messages, errors before warnings, each prefixed with its line when known. */
  first: string[];
  /** How many problems `first` leaves out. */
  more: number;
  errors: number;
  warnings: number;
}

/** For the Verify Seeds notification: the first few problems plus a count, so the Problems panel holds the rest. */
export function summarizeProblems(problems: readonly Problem[], max = 3): ProblemSummary {
  const sorted = [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity !== 'error')];
  const first = sorted.slice(0, Math.max(0, max)).map((p) => (p.range ? `Line ${p.range.line}: ${p.message}` : p.message));
  const errors = problems.filter((p) => p.severity === 'error').length;
  return { first, more: problems.length - first.length, errors, warnings: problems.length - errors };
}
