import type { BlockDefinition, BlockOutput, MultiplierOutput } from '../../../src/core/blocks/blockTypes';
import { LlmError } from '../../../src/core/errors';
import type { EmbedRequest, EmbedResponse } from '../../../src/core/llm/llmTypes';
import { createBlockContext } from '../../../src/core/run/blockContext';
import { sharedRenderer } from './sharedRenderer';
import { ScriptedLlm, type ChatScript } from './scriptedLlm';

export type EmbedScript = (request: EmbedRequest, call: number) => number[][] | Error | Promise<number[][] | Error>;

/** Usage every scripted embedding call reports, so tests can check that blocks sum it. */
export const EMBED_USAGE = { input_tokens: 7, output_tokens: 0, cached_tokens: 0 };

/** A ScriptedLlm whose `embed` answers from a script too; it records every embedding request. */
export class ScriptedEmbeddingLlm extends ScriptedLlm {
  readonly embedRequests: EmbedRequest[] = [];
  constructor(
    chat: ChatScript | undefined,
    private readonly embedScript: EmbedScript,
  ) {
    super(chat);
  }

  // Parameters are optional only because the base class declares `embed()` without any; callers always pass both.
  override async embed(request?: EmbedRequest, signal?: AbortSignal): Promise<EmbedResponse> {
    if (!request || !signal) throw new Error('embed needs a request and a signal');
    if (signal.aborted) throw new LlmError('aborted', 'aborted');
    this.embedRequests.push(request);
    const answer = await this.embedScript(request, this.embedRequests.length);
    if (signal.aborted) throw new LlmError('aborted', 'aborted');
    if (answer instanceof Error) throw answer;
    return { vectors: answer, usage: { ...EMBED_USAGE }, model: request.model ?? 'default-embedding' };
  }
}

/**
 * An embed script mapping each text to a vector: exact matches from `table`, else the first `contains` rule
 * whose key occurs in the text, else `fallback`.
 */
export function vectorsByText(
  table: Record<string, number[]>,
  fallback: number[] = [0, 0, 1],
  contains: Record<string, number[]> = {},
): EmbedScript {
  return (request) =>
    request.input.map((text) => {
      if (Object.hasOwn(table, text)) return table[text];
      const rule = Object.entries(contains).find(([needle]) => text.includes(needle));
      return rule ? rule[1] : fallback;
    });
}

/** Like blockHarness's runBlock, but with the caller's abort signal (for cancellation tests). */
export async function runBlockWithSignal(
  definition: BlockDefinition,
  config: Record<string, unknown>,
  state: Record<string, unknown>,
  llm: ScriptedLlm,
  signal: AbortSignal,
): Promise<BlockOutput | MultiplierOutput> {
  const env = { jobId: 'job-1', llm, renderer: sharedRenderer, signal, secrets: async () => undefined, pipelineName: 'Test pipeline' };
  const ctx = createBlockContext(env, { id: 'b1', type: definition.type, config, position: { x: 0, y: 0 } }, definition, state);
  return definition.execute(ctx);
}
