import type { BlockRegistry } from '../blocks/blockTypes';
import { DgfError } from '../errors';
import type { BlockSpec } from '../pipeline/pipelineTypes';
import type { ResolvedBlock } from './executeUnit';

/** Each block of a run (in execution order) with its definition; an unknown type ends the run before any unit. */
export function resolveBlocks(specs: readonly BlockSpec[], registry: BlockRegistry): ResolvedBlock[] {
  return specs.map((spec) => {
    const definition = registry.get(spec.type);
    if (!definition) {
      throw new DgfError('unknown-block-type', `Unknown block type '${spec.type}' (block '${spec.id}'). Known: ${registry.types().join(', ')}`);
    }
    return { spec, definition };
  });
}
