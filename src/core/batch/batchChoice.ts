import type { BlockRegistry } from '../blocks/blockTypes';
import type { ModelSettings } from '../llm/llmTypes';
import { resolveChatModel } from '../llm/modelResolver';
import { chatModelsOf } from '../pipeline/chatModelsOf';
import type { PipelineFile } from '../pipeline/pipelineTypes';

/**
 * Whether a pipeline runs as a batch job by its models' settings: it uses at least one chat model and every chat
 * model it uses has `"batch": true` (a job mixing batch and online models runs online unless asked for batch).
 */
export function modelsWantBatch(pipeline: PipelineFile, registry: BlockRegistry, settings: ModelSettings): boolean {
  const names = chatModelsOf(pipeline, registry);
  if (names.size === 0) return false;
  for (const name of names) {
    try {
      if (resolveChatModel(settings, name).batch !== true) return false;
    } catch {
      return false;
    }
  }
  return true;
}
