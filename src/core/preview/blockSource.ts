import { findNodeAtLocation, getNodeValue, parseTree, type Node } from 'jsonc-parser';
import type { BlockRegistry } from '../blocks/blockTypes';
import { LineIndex } from '../json/lineIndex';
import { pipelineTemplates } from '../pipeline/pipelineTemplates';
import { readPipelineShape } from '../pipeline/pipelineShape';
import type { SourceRange } from '../problems';

function parse(source: string): { text: string; root: Node | undefined } {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  return { text, root: parseTree(text) };
}

/** The id of the block whose object in `blocks` holds document `offset` (a cursor in the text editor), if any. */
export function blockAtOffset(source: string, offset: number): string | undefined {
  const { root } = parse(source);
  const blocks = root ? findNodeAtLocation(root, ['blocks']) : undefined;
  const block = blocks?.children?.find((b) => offset >= b.offset && offset <= b.offset + b.length);
  const id = block ? findNodeAtLocation(block, ['id']) : undefined;
  return id?.type === 'string' && typeof id.value === 'string' ? id.value : undefined;
}

/**
 * Where a block's prompt is in the pipeline's text, for "go to source": the string of its first prompt template
 * (`format: prompt`, the user prompt before the system prompt), else of any template field, else the block's `id`.
 */
export function blockSourceRange(source: string, blockId: string, registry: BlockRegistry): SourceRange | undefined {
  const { text, root } = parse(source);
  if (!root) return undefined;
  const blocks = readPipelineShape(getNodeValue(root)).blocks;
  const block = blocks.find((b) => b.id === blockId);
  if (!block) return undefined;
  const lines = new LineIndex(text);
  const templates = pipelineTemplates(root, text, [block], registry);
  const definition = block.type === undefined ? undefined : registry.get(block.type);
  const isPrompt = (key: string | number | undefined) => typeof key === 'string' && definition?.configSchema.properties[key]?.format === 'prompt';
  const rank = (key: string | number | undefined) => (key === 'user_prompt' ? 0 : isPrompt(key) ? 1 : 2);
  const best = [...templates].sort((a, b) => rank(a.field[0]) - rank(b.field[0]))[0];
  if (best) return lines.range(best.offset, best.length);
  const id = findNodeAtLocation(root, ['blocks', block.index, 'id']);
  return id ? lines.range(id.offset, id.length) : undefined;
}
