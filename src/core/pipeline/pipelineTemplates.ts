import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { BlockRegistry } from '../blocks/blockTypes';
import type { JsonPath } from '../json/jsonPath';
import { jsonStringOffsets, type JsonStringOffsets } from '../json/jsonStringOffsets';
import type { BlockView } from './pipelineShape';

/** One template of a block's config, as written in the pipeline's text. */
export interface PipelineTemplate {
  block: BlockView;
  /** Its path inside the block's config: `['user_prompt']`, or `['mappings', 'question']` for a template in an object. */
  field: JsonPath;
  /** The string literal in the document: offset of its opening quote, length with both quotes. */
  offset: number;
  length: number;
  /** The template's text (the string's value) and where each of its characters is in the document. */
  text: JsonStringOffsets;
}

/**
 * The templates of every block's template fields (config keys whose schema has a `format`: prompt, template,
 * json-or-template), found in the parse tree of the pipeline's text: a string value, or the strings directly inside
 * an object or array value (FieldMapper's mappings), as the pipeline checks read them.
 */
export function pipelineTemplates(root: Node, text: string, blocks: readonly BlockView[], registry: BlockRegistry): PipelineTemplate[] {
  const templates: PipelineTemplate[] = [];
  for (const block of blocks) {
    const definition = block.type === undefined ? undefined : registry.get(block.type);
    if (!definition || !block.config) continue;
    for (const [key, schema] of Object.entries(definition.configSchema.properties)) {
      if (!schema.format || !(key in block.config)) continue;
      for (const field of stringPaths(block.config[key], [key])) {
        const node = findNodeAtLocation(root, ['blocks', block.index, 'config', ...field]);
        if (node?.type !== 'string') continue;
        const offsets = jsonStringOffsets(text, node.offset, node.length);
        if (offsets) templates.push({ block, field, offset: node.offset, length: node.length, text: offsets });
      }
    }
  }
  return templates;
}

function stringPaths(value: unknown, path: JsonPath): JsonPath[] {
  if (typeof value === 'string') return [path];
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => (typeof v === 'string' ? [[...path, i]] : []));
  return Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [[...path, k]] : []));
}

/** The template whose string literal holds document `offset` between its quotes (either quote's inner side included). */
export function templateAtOffset<T extends PipelineTemplate>(templates: readonly T[], offset: number): T | undefined {
  return templates.find((t) => offset > t.offset && offset < t.offset + t.length);
}
