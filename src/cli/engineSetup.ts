import type { BlockRegistry } from '../core/blocks/blockTypes';
import type { DataGenFlowSettings } from '../core/config/settings';
import { OpenAiLlmClient } from '../core/llm/openAiClient';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import type { RunOptionArgs } from './args';
import { environmentKeys } from './envKeys';
import { loadWorkspaceBlocks } from './workspaceBlocks';
import { loadSettings } from './workspaceSettings';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Fires on Ctrl+C. */
  interrupt: AbortSignal;
}

export interface Engine {
  /** Block secrets (e.g. LANGFUSE_SECRET_KEY) come from the environment, like model keys. */
  secrets: (name: string) => Promise<string | undefined>;
  settings: DataGenFlowSettings;
  llm: OpenAiLlmClient;
  registry: BlockRegistry;
}

/**
 * Settings (workspace file + flags), the LLM client with environment keys, and the block registry with the
 * workspace's custom blocks (the CLI trusts the workspace; custom blocks that do not load are warnings on stderr).
 */
export async function createEngine(args: RunOptionArgs, io: CliIo): Promise<Engine> {
  const settings = await loadSettings(args.workspace, args);
  const llm = new OpenAiLlmClient({
    settings,
    keys: environmentKeys(),
    onEvent: (e) => {
      if (e.type === 'retry') io.stderr.write(`\nretry ${e.attempt} (${e.kind}) in ${Math.round(e.delayMs)} ms: ${e.message}\n`);
    },
  });
  const blocks = loadWorkspaceBlocks(args.workspace, settings);
  for (const warning of blocks.warnings) io.stderr.write(`${warning}\n`);
  return { settings, llm, registry: blocks.registry, secrets: async (name) => process.env[name] || undefined };
}

/** Asks each model the pipeline uses once; returns a message naming the first that does not answer. */
export async function checkEndpoints(engine: Engine, pipeline: PipelineFile, signal: AbortSignal): Promise<string | undefined> {
  const names = new Set<string | undefined>();
  for (const block of pipeline.blocks) {
    const definition = engine.registry.get(block.type);
    if (!definition || !('model' in definition.configSchema.properties)) continue;
    const model = block.config.model;
    names.add(typeof model === 'string' && model.trim() !== '' ? model.trim() : undefined);
  }
  for (const name of names) {
    let result;
    try {
      result = await engine.llm.testConnection(name, signal);
    } catch (e) {
      return `Could not run: ${(e as Error).message}`;
    }
    if (!result.ok) {
      const which = name ?? engine.settings.defaultModel ?? 'the default model';
      return `Could not run: the endpoint of model '${which}' does not answer: ${result.error.message}`;
    }
  }
  return undefined;
}
