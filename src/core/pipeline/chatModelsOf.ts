import type { BlockRegistry } from '../blocks/blockTypes';
import type { PipelineFile } from './pipelineTypes';

/** The chat model names a pipeline's blocks ask for (undefined: the default model). */
export function chatModelsOf(pipeline: PipelineFile, registry: BlockRegistry): Set<string | undefined> {
  const names = new Set<string | undefined>();
  for (const block of pipeline.blocks) {
    const definition = registry.get(block.type);
    if (!definition || !('model' in definition.configSchema.properties)) continue;
    const model = block.config.model;
    names.add(typeof model === 'string' && model.trim() !== '' ? model.trim() : undefined);
  }
  return names;
}
