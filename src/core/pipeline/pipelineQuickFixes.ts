import type { BlockRegistry } from '../blocks/blockTypes';
import type { SourceRange } from '../problems';
import { parsePipeline } from './parsePipeline';
import { applyPipelineEdit, type TextChange } from './pipelineEdits';
import { problemFixEdit } from './problemFixEdit';

export interface PipelineQuickFix {
  title: string;
  /** The problem it fixes: its code and range, to match the diagnostic shown there. */
  code: string;
  range: SourceRange;
  /** Against the given text. */
  changes: TextChange[];
}

/**
 * The fixes the problems of a pipeline text carry, as text changes: what the text editor's quick fixes apply. They
 * are the canvas's edits (problemFixEdit), so both editors write the same minimal change.
 */
export function pipelineQuickFixes(text: string, registry: BlockRegistry): PipelineQuickFix[] {
  const parsed = parsePipeline(text, registry);
  const fixes: PipelineQuickFix[] = [];
  for (const problem of parsed.problems) {
    if (!problem.fix || !problem.range || !parsed.pipeline) continue;
    const edit = problemFixEdit(parsed.pipeline, problem.fix);
    if (!edit) continue;
    try {
      fixes.push({ title: problem.fix.title, code: problem.code, range: problem.range, changes: applyPipelineEdit(text, edit).changes });
    } catch {
      // The text cannot take the edit (it changed shape); the problem is still listed, just without a fix.
    }
  }
  return fixes;
}
