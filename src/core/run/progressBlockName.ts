import type { BlockSpec } from '../pipeline/pipelineTypes';

/**
 * What progress calls a block: the name the canvas shows when the pipeline gives one, else its id — never its type,
 * which two blocks of a pipeline often share ("JSONValidatorBlock" says nothing about which step runs).
 */
export function progressBlockName(spec: Pick<BlockSpec, 'id' | 'name'>): string {
  const name = typeof spec.name === 'string' ? spec.name.trim() : '';
  return name || spec.id;
}
