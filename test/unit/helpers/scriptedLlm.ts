import { LlmError } from '../../../src/core/errors';
import type { ChatRequest, ChatResponse, EmbedResponse, LlmPort } from '../../../src/core/llm/llmTypes';

export type ChatScript = (request: ChatRequest, call: number) => string | Error | Promise<string | Error>;

/** An in-memory LlmPort whose answers come from a script; it records every request. */
export class ScriptedLlm implements LlmPort {
  readonly requests: ChatRequest[] = [];
  constructor(private readonly script: ChatScript = (r) => `Echo: ${r.messages.at(-1)?.content ?? ''}`) {}

  async chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    if (signal.aborted) throw new LlmError('aborted', 'aborted');
    this.requests.push(request);
    const answer = await this.script(request, this.requests.length);
    if (signal.aborted) throw new LlmError('aborted', 'aborted');
    if (answer instanceof Error) throw answer;
    return { content: answer, usage: { input_tokens: 10, output_tokens: 5, cached_tokens: 1 }, model: request.model ?? 'default' };
  }

  async embed(): Promise<EmbedResponse> {
    throw new Error('not used');
  }
}

/** Resolves after `ms`, or rejects with an aborted LlmError when the signal fires first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      reject(new LlmError('aborted', 'aborted'));
    }, { once: true });
  });
}
