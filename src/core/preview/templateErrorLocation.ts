import { getNodeValue, parseTree } from 'jsonc-parser';
import type { BlockRegistry } from '../blocks/blockTypes';
import { LineIndex } from '../json/lineIndex';
import { pipelineTemplates } from '../pipeline/pipelineTemplates';
import { readPipelineShape } from '../pipeline/pipelineShape';
import type { SourceRange } from '../problems';
import { templateVariableUses } from '../templates/templateVariables';

/**
 * Where a render error is: the 1-based line inside the template (Nunjucks' "(line L, column C)" in the message, or
 * the first read of the undefined `variable`), and that line's characters in the pipeline's text (the whole
 * template string when the line is not known).
 */
export function templateErrorLocation(
  text: string,
  blockId: string,
  field: string,
  template: string,
  message: string,
  variable: string | undefined,
  registry: BlockRegistry,
): { templateLine?: number; range?: SourceRange } {
  const line = errorLine(template, message, variable);
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const root = parseTree(source);
  if (!root) return line === undefined ? {} : { templateLine: line };
  const found = pipelineTemplates(root, source, readPipelineShape(getNodeValue(root)).blocks, registry).find(
    (t) => t.block.id === blockId && (t.field.join('.') === field || t.field[0] === field) && t.text.value === template,
  );
  if (!found) return line === undefined ? {} : { templateLine: line };
  const lines = new LineIndex(source);
  if (line === undefined) return { range: lines.range(found.offset, found.length) };
  const value = found.text.value;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const next = value.indexOf('\n', start);
    if (next < 0) break;
    start = next + 1;
  }
  const end = value.indexOf('\n', start) < 0 ? value.length : value.indexOf('\n', start);
  const from = found.text.documentOffset(start);
  return { templateLine: line, range: lines.range(from, found.text.documentOffset(end) - from) };
}

function errorLine(template: string, message: string, variable: string | undefined): number | undefined {
  const at = /\(line (\d+), column \d+\)/.exec(message);
  if (at) return Number(at[1]);
  if (variable === undefined) return undefined;
  try {
    const use = templateVariableUses(template).find((u) => u.name === variable && !u.declared);
    return use ? use.line + 1 : undefined;
  } catch {
    return undefined;
  }
}
