import { isJsonObject } from '../json/jsonPath';

/** A block as far as it can be read: validation keeps going over files that fail the schema. */
export interface BlockView {
  /** Index in the file's `blocks` array. */
  index: number;
  id: string;
  type?: string;
  config?: Record<string, unknown>;
  /** The block object itself, unknown fields included. */
  spec: Record<string, unknown>;
}

export interface EdgeView {
  /** Index in the file's `edges` array. */
  index: number;
  source: string;
  target: string;
}

export interface PipelineShape {
  blocks: BlockView[];
  edges: EdgeView[];
  /** How many entries `blocks` has, readable or not. */
  blockCount: number;
}

/**
 * The blocks and edges of any value, skipping entries too broken to use (no string id, source or target). The
 * schema check reports those; the graph checks then run on the rest so a file shows every problem at once.
 */
export function readPipelineShape(value: unknown): PipelineShape {
  const root = isJsonObject(value) ? value : {};
  const rawBlocks = Array.isArray(root.blocks) ? root.blocks : [];
  const rawEdges = Array.isArray(root.edges) ? root.edges : [];
  const blocks: BlockView[] = [];
  rawBlocks.forEach((spec: unknown, index) => {
    if (!isJsonObject(spec) || typeof spec.id !== 'string') return;
    blocks.push({
      index,
      id: spec.id,
      type: typeof spec.type === 'string' ? spec.type : undefined,
      config: isJsonObject(spec.config) ? spec.config : undefined,
      spec,
    });
  });
  const edges: EdgeView[] = [];
  rawEdges.forEach((edge: unknown, index) => {
    if (isJsonObject(edge) && typeof edge.source === 'string' && typeof edge.target === 'string') {
      edges.push({ index, source: edge.source, target: edge.target });
    }
  });
  return { blocks, edges, blockCount: rawBlocks.length };
}
