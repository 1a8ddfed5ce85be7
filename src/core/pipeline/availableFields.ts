import type { BlockRegistry } from '../blocks/blockTypes';
import { graphOrder } from './graphOrder';
import { buildPipelineGraph, reachable } from './pipelineGraph';
import { readPipelineShape, type BlockView } from './pipelineShape';
import { START_ID, type PipelineFile } from './pipelineTypes';

/**
 * Per block id, the accumulated-state fields available BEFORE that block: the seed's metadata fields plus the
 * declared outputs of the blocks upstream of it (dynamic outputs `*` cannot be named and are left out). Follows
 * the edges rather than a validated order, so the editor gets answers while the pipeline is half built.
 *
 * After a multiplier the state is the item it produced plus the seed's metadata less the multiplier's inputs (the
 * document), so blocks downstream of a multiplier see those seed fields and the multiplier's and later outputs.
 */
export function availableFields(pipeline: PipelineFile, registry: BlockRegistry, seedFields: readonly string[]): Map<string, string[]> {
  const { graph } = buildPipelineGraph(readPipelineShape(pipeline));
  const order = graphOrder(graph);
  const rank = (b: BlockView): number => {
    const at = order.indexOf(b);
    return at >= 0 ? at : order.length + b.index;
  };

  const result = new Map<string, string[]>();
  for (const block of graph.blockList) {
    const upstream = [...reachable(graph, block.id, 'incoming')]
      .filter((id) => id !== block.id && id !== START_ID)
      .map((id) => graph.blocks.get(id))
      .filter((b): b is BlockView => b !== undefined)
      .sort((a, b) => rank(a) - rank(b));
    const definitionOf = (b: BlockView) => (b.type === undefined ? undefined : registry.get(b.type));
    let from = 0;
    upstream.forEach((b, i) => {
      if (definitionOf(b)?.isMultiplier) from = i;
    });
    const multiplier = upstream.map(definitionOf).find((d) => d?.isMultiplier);
    const fields = new Set<string>(multiplier ? seedFields.filter((f) => !multiplier.inputs.includes(f)) : seedFields);
    for (const b of upstream.slice(from)) {
      for (const output of definitionOf(b)?.outputs ?? []) if (output !== '*') fields.add(output);
    }
    result.set(block.id, [...fields]);
  }
  return result;
}
