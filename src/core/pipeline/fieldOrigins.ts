import type { BlockDefinition, BlockRegistry } from '../blocks/blockTypes';
import { graphOrder } from './graphOrder';
import { buildPipelineGraph, reachable } from './pipelineGraph';
import { readPipelineShape, type BlockView } from './pipelineShape';
import { START_ID, type PipelineFile } from './pipelineTypes';

/** Where a state field comes from at a block: the seed, or the block before it that wrote it last. */
export type FieldOrigin = { kind: 'seed' } | { kind: 'block'; blockId: string; blockType?: string };

export interface AvailableField {
  name: string;
  origin: FieldOrigin;
}

/** The state fields before one block, and how sure that list is. */
export interface FieldsAtBlock {
  /** Seed fields first, then outputs in run order; a field written again keeps its place and takes the later origin. */
  fields: AvailableField[];
  /**
   * Whether the list is all the block can read: false after a block whose outputs cannot be named (dynamic `*`
   * outputs, an unknown type), or when no path from Start reaches the block (the graph checks report that).
   */
  complete: boolean;
}

/**
 * Per block id, the accumulated-state fields available BEFORE that block, with their origin: the seed's metadata
 * fields plus the declared outputs of the blocks upstream of it. Follows the edges rather than a validated order,
 * so the editor gets answers while the pipeline is half built.
 *
 * After a multiplier the state is the item it produced plus the seed's metadata less the multiplier's inputs (the
 * document), so blocks downstream of a multiplier see those seed fields and the multiplier's and later outputs.
 */
export function fieldOrigins(pipeline: PipelineFile, registry: BlockRegistry, seedFields: readonly string[]): Map<string, FieldsAtBlock> {
  const { graph } = buildPipelineGraph(readPipelineShape(pipeline));
  const order = graphOrder(graph);
  const rank = (b: BlockView): number => {
    const at = order.indexOf(b);
    return at >= 0 ? at : order.length + b.index;
  };
  const definitionOf = (b: BlockView): BlockDefinition | undefined => (b.type === undefined ? undefined : registry.get(b.type));

  const result = new Map<string, FieldsAtBlock>();
  for (const block of graph.blockList) {
    const before = reachable(graph, block.id, 'incoming');
    const upstream = [...before]
      .filter((id) => id !== block.id && id !== START_ID)
      .map((id) => graph.blocks.get(id))
      .filter((b): b is BlockView => b !== undefined)
      .sort((a, b) => rank(a) - rank(b));
    let from = 0;
    upstream.forEach((b, i) => {
      if (definitionOf(b)?.isMultiplier) from = i;
    });
    const multiplier = upstream.map(definitionOf).find((d) => d?.isMultiplier);
    const fields = new Map<string, FieldOrigin>();
    for (const name of seedFields) if (!multiplier?.inputs.includes(name)) fields.set(name, { kind: 'seed' });
    let complete = before.has(START_ID);
    for (const b of upstream.slice(from)) {
      const definition = definitionOf(b);
      if (!definition || definition.outputs.includes('*')) complete = false;
      for (const output of definition?.outputs ?? []) {
        if (output !== '*') fields.set(output, { kind: 'block', blockId: b.id, ...(b.type !== undefined ? { blockType: b.type } : {}) });
      }
    }
    result.set(block.id, { fields: [...fields].map(([name, origin]) => ({ name, origin })), complete });
  }
  return result;
}
