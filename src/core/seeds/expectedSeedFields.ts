import type { BlockRegistry } from '../blocks/blockTypes';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { blockNeeds, pipelineRequirements } from './pipelineRequirements';

/**
 * The seed fields the canvas shows as available at the first blocks, with no seed file at hand: exactly what Verify
 * Seeds checks seeds for (the fields blocks cannot run without, and the inputs they read but run without — for a set
 * of alternatives, the first), along the run order when the pipeline is connected; then, so a half-built pipeline
 * gets answers too, the same for every block, minus whatever any block produces. A field an earlier block produces
 * is never a seed field (ValidatorBlock after a TextGenerator reads its `assistant`, not a seed `text`).
 */
export function expectedSeedFields(pipeline: PipelineFile, registry: BlockRegistry): string[] {
  const fields = new Set<string>();
  try {
    for (const r of pipelineRequirements(pipeline, registry)) {
      r.fields.forEach((f) => fields.add(f));
      for (const input of r.optional) fields.add(input.anyOf[0]);
    }
  } catch {
    // A pipeline the requirement walk cannot follow still draws; its problems are listed.
  }
  const produced = new Set<string>();
  for (const block of pipeline.blocks) {
    const definition = registry.get(block.type);
    for (const o of definition?.outputs ?? []) if (!definition?.passThrough?.includes(o)) produced.add(o);
  }
  for (const block of pipeline.blocks) {
    const definition = registry.get(block.type);
    if (!definition) continue;
    const { required, optional } = blockNeeds(definition, block);
    for (const f of required) if (!produced.has(f)) fields.add(f);
    for (const input of optional) {
      if (!input.anyOf.some((f) => produced.has(f) || fields.has(f))) fields.add(input.anyOf[0]);
    }
  }
  return [...fields];
}
