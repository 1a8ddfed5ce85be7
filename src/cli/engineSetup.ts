import { resolve } from 'node:path';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import type { ResponseCacheMode } from '../core/cache/cacheTypes';
import type { DataGenFlowSettings } from '../core/config/settings';
import type { LlmError } from '../core/errors';
import { OpenAiLlmClient, type EndpointCheckOptions, type EndpointRetry } from '../core/llm/openAiClient';
import { chatModelsOf } from '../core/pipeline/chatModelsOf';
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
  /** A line for the user on stderr (e.g. what the endpoint check waits for). */
  notify: (line: string) => void;
  /** The workspace folder (its `.datagenflow/cache/responses` holds the stored answers). */
  workspace: string;
  /** How runs use stored answers: --response-cache, else datagenflow.responseCache. */
  responseCache: ResponseCacheMode;
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
  return {
    settings,
    llm,
    registry: blocks.registry,
    secrets: async (name) => process.env[name] || undefined,
    notify: (line) => io.stderr.write(`${line}\n`),
    workspace: resolve(args.workspace),
    responseCache: args.responseCache ?? settings.responseCache,
  };
}

/**
 * Asks each model the pipeline uses whether it answers, under the retry policy (bounded attempts with backoff, a
 * short timeout per attempt), printing a line on stderr for each wait; Ctrl+C stops it. Returns a message naming
 * the first model that does not answer (a persistent or non-retryable failure), or undefined when all do.
 */
export async function checkEndpoints(engine: Engine, pipeline: PipelineFile, signal: AbortSignal, options: EndpointCheckOptions = {}): Promise<string | undefined> {
  for (const name of chatModelsOf(pipeline, engine.registry)) {
    let result;
    try {
      result = await engine.llm.checkEndpoint(name, signal, { onRetry: (info) => engine.notify(waitingLine(info)), ...options });
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

/** "endpoint http://… (model m) not answering (HTTP 500), retrying in 2 s (2/5)…" */
function waitingLine(info: EndpointRetry): string {
  const seconds = info.delayMs / 1000;
  const wait = seconds >= 10 || Number.isInteger(seconds) ? `${Math.round(seconds)} s` : `${seconds.toFixed(1)} s`;
  return `endpoint ${info.baseUrl} (model ${info.model}) not answering (${shortReason(info.error)}), retrying in ${wait} (${info.nextAttempt}/${info.attempts})…`;
}

function shortReason(error: LlmError): string {
  if (error.status !== undefined) return `HTTP ${error.status}`;
  if (error.kind === 'timeout') return 'no answer in time';
  if (error.kind === 'connection') return error.message.replace(/^Cannot reach .*? \(model [^)]*\): /, '').replace(/\..*$/, '');
  return error.kind;
}
