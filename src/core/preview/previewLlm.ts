import { emptyUsage, type ChatRequest, type ChatResponse, type EmbedRequest, type EmbedResponse, type LlmPort, type ResponseFormat } from '../llm/llmTypes';
import type { PreviewRequest } from './previewTypes';

/** `⟨answer from block "gen"⟩`, or `⟨answer from block "gen": question⟩` for a field of a structured answer. */
export function answerPlaceholder(blockId: string, field?: string): string {
  return `⟨answer from block ${JSON.stringify(blockId)}${field ? `: ${field}` : ''}⟩`;
}

/** `⟨output "x" of block "b"⟩`: a field an earlier block would write but did not in the preview. */
export function outputPlaceholder(blockId: string, field: string): string {
  return `⟨output ${JSON.stringify(field)} of block ${JSON.stringify(blockId)}⟩`;
}

const EMBEDDING_DIMS = 8;

/**
 * An `LlmPort` that sends nothing: it records every request of the block being previewed and answers each with a
 * named placeholder (a schema-shaped one for json_schema), so later blocks render with visible stand-ins.
 */
export class PreviewLlm implements LlmPort {
  /** The block whose requests are answered now: set before each block runs. */
  blockId = '';
  readonly requests: PreviewRequest[] = [];

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const system = request.messages.find((m) => m.role === 'system');
    const user = request.messages.find((m) => m.role === 'user');
    this.requests.push({
      kind: 'chat',
      ...(request.model ? { model: request.model } : {}),
      ...(system ? { system: system.content } : {}),
      ...(user ? { user: user.content } : {}),
      otherMessages: request.messages.filter((m) => m !== system && m !== user).map((m) => ({ role: m.role, content: m.content })),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
      ...(request.responseFormat ? { responseFormat: request.responseFormat } : {}),
    });
    return { content: placeholderContent(this.blockId, request.responseFormat), usage: emptyUsage(), model: request.model ?? '' };
  }

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    this.requests.push({ kind: 'embed', ...(request.model ? { model: request.model } : {}), otherMessages: [], input: [...request.input] });
    // Distinct unit vectors, so similarity checks upstream see unrelated texts.
    return { vectors: request.input.map((_, i) => Array.from({ length: EMBEDDING_DIMS }, (__, d) => (d === i % EMBEDDING_DIMS ? 1 : 0))), usage: emptyUsage(), model: request.model ?? '' };
  }
}

function placeholderContent(blockId: string, format: ResponseFormat | undefined): string {
  if (format?.type === 'json_schema') return JSON.stringify(schemaPlaceholder(format.json_schema.schema, blockId, '', 0));
  if (format?.type === 'json_object') return JSON.stringify({ answer: answerPlaceholder(blockId) });
  return answerPlaceholder(blockId);
}

const MAX_DEPTH = 8;

/** A value of `schema`'s shape whose strings name their place in the answer. */
function schemaPlaceholder(schema: unknown, blockId: string, path: string, depth: number): unknown {
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) return schemaPlaceholder(options[0], blockId, path, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return answerPlaceholder(blockId, path || undefined);
    case 'number':
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return [schemaPlaceholder(s.items, blockId, `${path}[0]`, depth + 1)];
    default: {
      const properties = typeof s.properties === 'object' && s.properties !== null ? (s.properties as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(properties).map(([key, child]) => [key, schemaPlaceholder(child, blockId, path ? `${path}.${key}` : key, depth + 1)]));
    }
  }
}
