import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import type { BlockRegistry } from '../blocks/blockTypes';
import { LineIndex } from '../json/lineIndex';
import { pipelineTemplates } from '../pipeline/pipelineTemplates';
import { readPipelineShape } from '../pipeline/pipelineShape';
import { blockSourceRange } from '../preview/blockSource';
import type { TryError } from './tryTypes';

/** A place in the pipeline file: 1-based line and column, as `file:line:col` prints it. */
export interface FilePosition {
  line: number;
  column: number;
}

/**
 * Where a try's error is in the pipeline's text: the character of the template line and column it names (the
 * template is a JSON string, so escapes are counted as written), else the start of the failing field's string, else
 * the block's prompt (or its id). Undefined when the error names no block of this text.
 */
export function tryErrorSource(pipelineText: string, error: TryError, registry: BlockRegistry): FilePosition | undefined {
  if (error.blockId === undefined) return undefined;
  const text = pipelineText.charCodeAt(0) === 0xfeff ? pipelineText.slice(1) : pipelineText;
  const root = parseTree(text);
  if (!root) return undefined;
  const block = readPipelineShape(getNodeValue(root)).blocks.find((b) => b.id === error.blockId);
  if (!block) return undefined;
  const lines = new LineIndex(text);
  if (error.field !== undefined) {
    const template = pipelineTemplates(root, text, [block], registry).find((t) => t.field.length === 1 && t.field[0] === error.field);
    if (template) {
      const index = error.line === undefined ? 0 : valueIndex(template.text.value, error.line, error.column ?? 1);
      return lines.position(template.text.documentOffset(index));
    }
    const node = findNodeAtLocation(root, ['blocks', block.index, 'config', error.field]);
    if (node) return lines.position(node.offset);
  }
  const range = blockSourceRange(text, error.blockId, registry);
  return range ? { line: range.line, column: range.column } : undefined;
}

/** The index in `value` of its 1-based `line` and `column` (clamped to the value). */
function valueIndex(value: string, line: number, column: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const next = value.indexOf('\n', index);
    if (next < 0) break;
    index = next + 1;
  }
  const lineEnd = value.indexOf('\n', index);
  return Math.min(index + Math.max(0, column - 1), lineEnd < 0 ? value.length : lineEnd);
}
