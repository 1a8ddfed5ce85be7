import { randomUUID } from 'node:crypto';
import type { BlockContext, BlockDefinition, SecretLookup } from '../blocks/blockTypes';
import { withDefaults } from '../blocks/configValues';
import type { LlmPort } from '../llm/llmTypes';
import type { BlockSpec } from '../pipeline/pipelineTypes';
import type { TemplateRenderer } from '../templates/templateRenderer';

/** Everything a unit shares with its blocks. */
export interface UnitEnvironment {
  jobId: string;
  llm: LlmPort;
  renderer: TemplateRenderer;
  signal: AbortSignal;
  secrets: SecretLookup;
  pipelineName: string;
}

export function createBlockContext(
  env: UnitEnvironment,
  spec: BlockSpec,
  definition: BlockDefinition,
  state: Readonly<Record<string, unknown>>,
  traceId = randomUUID(),
): BlockContext {
  return {
    state,
    config: withDefaults(definition.configSchema, spec.config ?? {}),
    blockId: spec.id,
    blockType: spec.type,
    jobId: env.jobId,
    traceId,
    signal: env.signal,
    llm: env.llm,
    render: (template, field) => env.renderer.render(template, state, { blockId: spec.id, blockType: spec.type, ...(field ? { field } : {}) }, env.signal),
    secrets: env.secrets,
    pipelineName: env.pipelineName,
  };
}
