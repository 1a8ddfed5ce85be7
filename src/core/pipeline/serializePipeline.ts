import { isJsonObject } from '../json/jsonPath';
import type { PipelineFile } from './pipelineTypes';

const PIPELINE_KEYS = ['$schema', 'version', 'name', 'description', 'blocks', 'edges', 'constraints', 'layout'];
const BLOCK_KEYS = ['id', 'type', 'name', 'config', 'position'];
const EDGE_KEYS = ['source', 'target'];
const POSITION_KEYS = ['x', 'y'];
export const CONSTRAINT_KEYS = ['max_total_tokens', 'max_total_input_tokens', 'max_total_output_tokens', 'max_total_cached_tokens', 'max_total_execution_time'];
const LAYOUT_KEYS = ['start', 'end'];

/**
 * The file text of a pipeline: 2-space indentation, a trailing newline, and known keys in a fixed order followed
 * by unknown keys in their original order, so that an edit on the canvas changes only the lines it touches and
 * parse → serialize of a file written this way gives back the same text. Config objects keep their own order.
 */
export function serializePipeline(pipeline: PipelineFile): string {
  const ordered = orderKeys(pipeline, PIPELINE_KEYS, {
    blocks: (blocks) => mapArray(blocks, (block) => orderKeys(block, BLOCK_KEYS, { position: (p) => orderKeys(p, POSITION_KEYS) })),
    edges: (edges) => mapArray(edges, (edge) => orderKeys(edge, EDGE_KEYS)),
    constraints: (c) => orderKeys(c, CONSTRAINT_KEYS),
    layout: (layout) =>
      orderKeys(layout, LAYOUT_KEYS, {
        start: (p) => orderKeys(p, POSITION_KEYS),
        end: (p) => orderKeys(p, POSITION_KEYS),
      }),
  });
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

type Transform = (value: unknown) => unknown;

/** Known keys first in `known` order (each optionally transformed), then the rest as they came. */
function orderKeys(value: unknown, known: readonly string[], transforms: Record<string, Transform> = {}): unknown {
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  const put = (key: string): void => {
    const transform = Object.hasOwn(transforms, key) ? transforms[key] : undefined;
    // defineProperty: a key such as "__proto__" must stay data, not reach the prototype.
    Object.defineProperty(out, key, { value: transform ? transform(value[key]) : value[key], enumerable: true, writable: true, configurable: true });
  };
  for (const key of known) if (Object.hasOwn(value, key) && value[key] !== undefined) put(key);
  for (const key of Object.keys(value)) if (!known.includes(key)) put(key);
  return out;
}

function mapArray(value: unknown, map: Transform): unknown {
  return Array.isArray(value) ? value.map(map) : value;
}
