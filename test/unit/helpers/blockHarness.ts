import type { BlockDefinition, BlockOutput, MultiplierOutput } from '../../../src/core/blocks/blockTypes';
import type { LlmPort } from '../../../src/core/llm/llmTypes';
import { createBlockContext } from '../../../src/core/run/blockContext';
import { sharedRenderer } from './sharedRenderer';
import { ScriptedLlm } from './scriptedLlm';

/** Runs one block directly with a state and a config, as the runner would. */
export async function runBlock(
  definition: BlockDefinition,
  config: Record<string, unknown>,
  state: Record<string, unknown>,
  llm: LlmPort = new ScriptedLlm(),
): Promise<BlockOutput | MultiplierOutput> {
  const env = { jobId: 'job-1', llm, renderer: sharedRenderer, signal: new AbortController().signal, secrets: async () => undefined, pipelineName: 'Test pipeline' };
  const ctx = createBlockContext(env, { id: 'b1', type: definition.type, config, position: { x: 0, y: 0 } }, definition, state);
  return definition.execute(ctx);
}
