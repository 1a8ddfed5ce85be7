import type { BlockDefinition, BlockRegistry, OptionalInput } from '../blocks/blockTypes';
import { fieldRoot } from '../blocks/fieldPath';
import { isJsonObject } from '../json/jsonPath';
import { configWithDefaults } from '../pipeline/configWithDefaults';
import { executionOrder } from '../pipeline/executionOrder';
import type { BlockSpec, PipelineFile } from '../pipeline/pipelineTypes';

/** What one block needs from the seed: what no earlier block produces of what it reads. */
export interface SeedRequirement {
  block: BlockSpec;
  /** Fields the block cannot run without (a seed lacking one is an error). */
  fields: string[];
  /** Inputs the block runs without, with a documented result (a seed lacking one gets a warning). */
  optional: OptionalInput[];
}

/**
 * What each seed must (or should) contain, walking the run order: a block's required fields and optional inputs
 * minus the declared outputs of the blocks before it. An optional input with alternatives is dropped as soon as an
 * earlier block produces any one of them (ValidatorBlock's `text` or `assistant` after a TextGenerator) or a block
 * requires one of them of the seed (a seed that passes has it). A multiplier's chunks carry the seed's other
 * metadata, so blocks after it are checked too, against its outputs. The walk stops after a block whose outputs
 * cannot be known (`*` or an unknown type), since past that point nothing can be blamed on the seed.
 */
export function pipelineRequirements(pipeline: PipelineFile, registry: BlockRegistry): SeedRequirement[] {
  const requirements: SeedRequirement[] = [];
  const produced = new Set<string>();
  const requiredSoFar = new Set<string>();
  for (const block of executionOrder(pipeline)) {
    const definition = registry.get(block.type);
    if (!definition) break;
    const { required, optional } = blockNeeds(definition, block);
    const fields = required.filter((f) => !produced.has(f));
    for (const f of fields) requiredSoFar.add(f);
    // A seed that passes has every required field, so an input it could be is no longer in doubt.
    const stillOptional = optional.filter((input) => !input.anyOf.some((f) => produced.has(f) || requiredSoFar.has(f)));
    if (fields.length > 0 || stillOptional.length > 0) requirements.push({ block, fields, optional: stillOptional });
    if (definition.outputs.includes('*')) break;
    for (const output of definition.outputs) if (!definition.passThrough?.includes(output)) produced.add(output);
  }
  return requirements;
}

/**
 * A block's required fields and optional inputs with its config's defaults applied, as top-level state fields (a
 * template variable `a.b` needs the field `a`). A config the block cannot read needs nothing here: it is a pipeline
 * problem, which validatePipeline reports.
 */
export function blockNeeds(definition: BlockDefinition, block: BlockSpec): { required: string[]; optional: OptionalInput[] } {
  let required: string[] = [];
  let optional: OptionalInput[] = [];
  try {
    const config = configWithDefaults(isJsonObject(block.config) ? block.config : {}, definition.configSchema);
    required = topLevel(definition.requiredFields(config));
    optional = (definition.optionalFields?.(config) ?? [])
      .map((input) => ({ anyOf: topLevel(input.anyOf), whenMissing: input.whenMissing }))
      .filter((input) => input.anyOf.length > 0);
  } catch {
    // Reported by validatePipeline.
  }
  return { required, optional };
}

/** `a.b`, `a[0]` and `a[role=user].content` all need the field `a`. */
function topLevel(fields: readonly string[]): string[] {
  return [...new Set(fields.map(fieldRoot))].filter((f) => f !== '' && f !== '*');
}
