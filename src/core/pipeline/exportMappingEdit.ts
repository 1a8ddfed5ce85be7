import { applyEdits, modify } from 'jsonc-parser';
import type { MappedFormat } from '../export/exportFormats';
import type { EditResult } from './pipelineEdits';

/**
 * Sets (or, with `undefined`, removes) the pipeline's `exports.<format>` mapping as a minimal text change: the rest
 * of the file keeps its bytes, and a file that never had `exports` only gains that key at its end.
 */
export function setExportMapping(text: string, format: MappedFormat, mapping: Record<string, unknown> | undefined): EditResult {
  const edits = modify(text, ['exports', format], mapping, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  return { text: applyEdits(text, edits), changes: edits.map((e) => ({ offset: e.offset, length: e.length, content: e.content })) };
}
