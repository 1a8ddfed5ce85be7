/**
 * A problem found in a pipeline or seed file. Lines and columns are 1-based, as editors and terminals show them;
 * the end is exclusive (subtract 1 from all four numbers for a VS Code Range).
 */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning';

/**
 * A change that resolves the problem: set the JSON value at `path` to `value`, e.g. a number clamped into its
 * allowed range. The canvas offers it as a button and the text editor as a quick fix; both apply it as an ordinary
 * edit (undoable), never behind the user's back.
 */
export interface ProblemFix {
  /** What the fix does, as a button or menu label, e.g. `Set score_threshold to 1`. */
  title: string;
  path: (string | number)[];
  value: unknown;
}

export interface Problem {
  severity: Severity;
  /** Stable machine-readable code, e.g. `unknown-block-type`, `seed-missing-field`. */
  code: string;
  message: string;
  /** JSON path of the offending value, e.g. `['blocks', 2, 'config', 'temperature']`. */
  path: (string | number)[];
  /** Where it is in the source text, when the value was parsed from text. */
  range?: SourceRange;
  /** The block the problem belongs to, when there is one. */
  blockId?: string;
  /**
   * Every place the problem concerns, when it concerns several (each seed missing the same field): the Problems
   * panel lists them under the problem, the CLI prints one clickable line each.
   */
  related?: RelatedLocation[];
  /** A one-click fix, when there is an obvious one. */
  fix?: ProblemFix;
}

/** One of the places a problem concerns, e.g. one seed lacking a field: `message` names it ("Seed 3"). */
export interface RelatedLocation {
  message: string;
  path: (string | number)[];
  range?: SourceRange;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/**
 * `file:line:col: severity: message`, the format terminals (and VS Code's terminal) make clickable; then one indented
 * `file:line:col: message` line per related place, in `file` unless `relatedFile` says otherwise (a seed folder's
 * documents).
 */
export function formatProblem(file: string, p: Problem, relatedFile: (r: RelatedLocation) => string = () => file): string {
  const where = (at: string, range?: SourceRange) => (range ? `${at}:${range.line}:${range.column}` : at);
  const related = (p.related ?? []).map((r) => `\n  ${where(relatedFile(r), r.range)}: ${r.message}`);
  return `${where(file, p.range)}: ${p.severity}: ${p.message}${related.join('')}`;
}
