import type { LlmError } from '../errors';
import { invalidResponse, type RequestContext } from './errorMapping';
import type { TokenUsage } from './llmTypes';

/**
 * Checks of what the SDK hands back. The SDK trusts the server: a 200 with a non-JSON content type comes back as a
 * string and a JSON body of any shape comes back as is, so the shape is checked here rather than crashing later
 * with a TypeError that would not say which endpoint misbehaved.
 */
export function parseChatCompletion(body: unknown, ctx: RequestContext): { content: string; usage: TokenUsage } {
  if (!isRecord(body)) {
    throw notOpenAi(body, ctx);
  }
  const choices = body['choices'];
  if (!Array.isArray(choices) || choices.length === 0) {
    throw invalidResponse(ctx, 'a completion without choices');
  }
  const first: unknown = choices[0];
  const message = isRecord(first) ? first['message'] : undefined;
  if (!isRecord(message)) {
    throw invalidResponse(ctx, 'a completion choice without a message');
  }
  const content = message['content'];
  if (content !== null && content !== undefined && typeof content !== 'string') {
    throw invalidResponse(ctx, 'a message whose content is not text');
  }
  // null content is legitimate (e.g. a refusal or tool call); the blocks treat it as an empty answer.
  return { content: content ?? '', usage: usageOf(body['usage']) };
}

export function parseEmbeddings(body: unknown, expected: number, ctx: RequestContext): { vectors: number[][]; usage: TokenUsage } {
  if (!isRecord(body)) {
    throw notOpenAi(body, ctx);
  }
  const data = body['data'];
  if (!Array.isArray(data)) {
    throw invalidResponse(ctx, 'an embeddings answer without data');
  }
  if (data.length !== expected) {
    throw invalidResponse(ctx, `${data.length} embeddings for ${expected} inputs`);
  }
  const vectors: number[][] = new Array<number[]>(expected);
  data.forEach((item: unknown, position) => {
    const embedding = isRecord(item) ? item['embedding'] : undefined;
    if (!Array.isArray(embedding) || !embedding.every((value) => typeof value === 'number')) {
      throw invalidResponse(ctx, 'an embedding that is not a list of numbers');
    }
    // Servers may return items out of order; `index` says which input each belongs to.
    const index = isRecord(item) && typeof item['index'] === 'number' ? item['index'] : position;
    if (index < 0 || index >= expected || vectors[index] !== undefined) {
      throw invalidResponse(ctx, `an embedding with a bad index (${index})`);
    }
    vectors[index] = embedding as number[];
  });
  return { vectors, usage: usageOf(body['usage']) };
}

export function usageOf(raw: unknown): TokenUsage {
  const usage = isRecord(raw) ? raw : {};
  const details = isRecord(usage['prompt_tokens_details']) ? usage['prompt_tokens_details'] : {};
  return {
    input_tokens: count(usage['prompt_tokens']),
    output_tokens: count(usage['completion_tokens']),
    cached_tokens: count(details['cached_tokens']),
  };
}

function notOpenAi(body: unknown, ctx: RequestContext): LlmError {
  const shown = typeof body === 'string' ? `text instead of JSON ("${body.slice(0, 60).replace(/\s+/g, ' ')}")` : `an empty or non-object body`;
  return invalidResponse(ctx, shown);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
