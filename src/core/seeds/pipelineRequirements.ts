import type { BlockRegistry } from '../blocks/blockTypes';
import { configWithDefaults } from '../pipeline/configWithDefaults';
import { executionOrder } from '../pipeline/executionOrder';
import type { BlockSpec, PipelineFile } from '../pipeline/pipelineTypes';

/** Fields a block needs from the seed: its required fields that no earlier block produces. */
export interface SeedRequirement {
  block: BlockSpec;
  fields: string[];
}

/**
 * What each seed must contain, walking the run order: a block's required fields minus the declared outputs of
 * the blocks before it. The walk stops after a block whose outputs cannot be known (`*` or an unknown type) and
 * after a multiplier (later blocks see its items, not the seed), since past that point nothing can be blamed on
 * the seed.
 */
export function pipelineRequirements(pipeline: PipelineFile, registry: BlockRegistry): SeedRequirement[] {
  const requirements: SeedRequirement[] = [];
  const produced = new Set<string>();
  for (const block of executionOrder(pipeline)) {
    const definition = registry.get(block.type);
    if (!definition) break;
    let required: string[] = [];
    try {
      required = definition.requiredFields(configWithDefaults(block.config ?? {}, definition.configSchema));
    } catch {
      // A config the block cannot read is a pipeline problem; validatePipeline reports it.
    }
    // A template variable `a.b` needs the top-level field `a`.
    const fields = [...new Set(required.map((f) => f.split('.')[0]))].filter((f) => f !== '' && f !== '*' && !produced.has(f));
    if (fields.length > 0) requirements.push({ block, fields });
    if (definition.isMultiplier || definition.outputs.includes('*')) break;
    for (const output of definition.outputs) produced.add(output);
  }
  return requirements;
}
