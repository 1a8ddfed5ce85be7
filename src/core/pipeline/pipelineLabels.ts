import type { JsonPath } from '../json/jsonPath';
import type { BlockView, EdgeView } from './pipelineShape';

/** `Block "gen" (TextGenerator)`: every block message names the block both ways, as the canvas shows both. */
export function blockLabel(block: Pick<BlockView, 'id' | 'type'>): string {
  return block.type ? `Block "${block.id}" (${block.type})` : `Block "${block.id}"`;
}

/** `"gen" (TextGenerator)`, for a block named in the middle of a sentence. */
export function blockName(block: Pick<BlockView, 'id' | 'type'>): string {
  return block.type ? `"${block.id}" (${block.type})` : `"${block.id}"`;
}

/** `the edge gen → check (edges[2])`. */
export function edgeLabel(edge: EdgeView): string {
  return `the edge ${edge.source} → ${edge.target} (edges[${edge.index}])`;
}

/** Where to underline a problem about a whole block: its id, which is short and on the block's first lines. */
export function blockRangePath(block: Pick<BlockView, 'index'>): JsonPath {
  return ['blocks', block.index, 'id'];
}
