import { graphOrder } from './graphOrder';
import { buildPipelineGraph } from './pipelineGraph';
import { readPipelineShape } from './pipelineShape';
import type { BlockSpec, PipelineFile } from './pipelineTypes';

/**
 * The blocks in the order the engine runs them: the single path Start → b1 → … → bn → End. Only meaningful for a
 * pipeline without validation errors; for others see `graphOrder` (blocks not on a Start → End path are left out).
 */
export function executionOrder(pipeline: PipelineFile): BlockSpec[] {
  const { graph } = buildPipelineGraph(readPipelineShape(pipeline));
  return graphOrder(graph).map((block) => block.spec as BlockSpec);
}
