import type { Problem } from '../problems';

export interface ProblemSummary {
  /** Up to `max` messages, errors before warnings, each prefixed with its line when known. */
  first: string[];
  /** How many problems `first` leaves out. */
  more: number;
  errors: number;
  warnings: number;
  /** `first` as one paragraph, each message one sentence (`Line 3: …. Line 15: ….`), then `(+2 more)`. */
  text: string;
}

/** For the Verify Seeds notification: the first few problems plus a count, so the Problems panel holds the rest. */
export function summarizeProblems(problems: readonly Problem[], max = 3): ProblemSummary {
  const sorted = [...problems.filter((p) => p.severity === 'error'), ...problems.filter((p) => p.severity !== 'error')];
  const first = sorted.slice(0, Math.max(0, max)).map((p) => (p.range ? `Line ${p.range.line}: ${p.message}` : p.message));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const more = problems.length - first.length;
  const text = [...first.map(asSentence), ...(more > 0 ? [`(+${more} more)`] : [])].join(' ');
  return { first, more, errors, warnings: problems.length - errors, text };
}

/** Messages mostly end in a full stop already; joining them with "; " gave `…"metadata".; Line 15…`. */
function asSentence(message: string): string {
  const trimmed = message.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
