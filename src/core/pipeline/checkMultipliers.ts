import type { BlockRegistry } from '../blocks/blockTypes';
import type { Locate } from '../json/jsonLocator';
import type { Problem } from '../problems';
import type { PipelineGraph } from './pipelineGraph';
import { blockLabel, blockName, blockRangePath } from './pipelineLabels';
import { pipelineProblem } from './pipelineProblem';
import { PipelineProblemCode } from './pipelineProblemCodes';
import type { BlockView } from './pipelineShape';

/**
 * A multiplier turns one seed into many units, so the engine allows one, and only as the first block: blocks
 * after it run once per item it produced.
 */
export function checkMultipliers(graph: PipelineGraph, order: readonly BlockView[], registry: BlockRegistry, locate?: Locate): Problem[] {
  const isMultiplier = (b: BlockView): boolean => (b.type !== undefined && registry.get(b.type)?.isMultiplier) === true;
  const position = (b: BlockView): number => {
    const at = order.indexOf(b);
    return at >= 0 ? at : order.length + b.index;
  };
  const multipliers = graph.blockList.filter(isMultiplier).sort((a, b) => position(a) - position(b));
  if (multipliers.length === 0) return [];

  const problems: Problem[] = [];
  const [first, ...extra] = multipliers;
  for (const block of extra) {
    problems.push(
      pipelineProblem(
        {
          code: PipelineProblemCode.MultipleMultipliers,
          message: `Only one multiplier block allowed per pipeline: ${multipliers.map(blockName).join(', ')} are all multipliers. Remove ${blockName(block)}.`,
          path: ['blocks', block.index],
          rangePath: blockRangePath(block),
          blockId: block.id,
        },
        locate,
      ),
    );
  }
  const at = order.indexOf(first);
  if (at > 0) {
    problems.push(
      pipelineProblem(
        {
          code: PipelineProblemCode.MultiplierNotFirst,
          message: `Multiplier block must be first in pipeline: ${blockLabel(first)} runs after ${order.slice(0, at).map(blockName).join(' → ')}. Connect Start → "${first.id}" and move the other blocks after it.`,
          path: ['blocks', first.index],
          rangePath: blockRangePath(first),
          blockId: first.id,
        },
        locate,
      ),
    );
  }
  return problems;
}
