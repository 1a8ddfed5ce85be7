import type { Locate } from '../json/jsonLocator';
import type { JsonPath } from '../json/jsonPath';
import type { Problem, ProblemFix, Severity } from '../problems';

export interface ProblemInput {
  severity?: Severity;
  code: string;
  message: string;
  path: JsonPath;
  blockId?: string;
  /** Where to underline when it differs from `path`, e.g. a block's `id` rather than the whole block. */
  rangePath?: JsonPath;
  /** Underline the property name rather than its value (the problem is the property itself). */
  rangeAtKey?: boolean;
  fix?: ProblemFix;
}

/** Builds a Problem, ranged through `locate` when the pipeline came from text. */
export function pipelineProblem(input: ProblemInput, locate: Locate | undefined): Problem {
  const problem: Problem = { severity: input.severity ?? 'error', code: input.code, message: input.message, path: input.path };
  const range = locate?.(input.rangePath ?? input.path, { key: input.rangeAtKey });
  if (range) problem.range = range;
  if (input.blockId !== undefined) problem.blockId = input.blockId;
  if (input.fix) problem.fix = input.fix;
  return problem;
}
