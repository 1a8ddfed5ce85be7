/** The engine's view of a model endpoint. Blocks call `LlmPort`; the openai-SDK client implements it. */

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
}

export function emptyUsage(): TokenUsage {
  return { input_tokens: 0, output_tokens: 0, cached_tokens: 0 };
}

export function addUsage(into: TokenUsage, more: TokenUsage | undefined): TokenUsage {
  if (more) {
    into.input_tokens += more.input_tokens;
    into.output_tokens += more.output_tokens;
    into.cached_tokens += more.cached_tokens;
  }
  return into;
}

/** The usage spent since `before` (a new object): a total now less an earlier total of the same count. */
export function usageSince(now: TokenUsage, before: TokenUsage | undefined): TokenUsage {
  return {
    input_tokens: now.input_tokens - (before?.input_tokens ?? 0),
    output_tokens: now.output_tokens - (before?.output_tokens ?? 0),
    cached_tokens: now.cached_tokens - (before?.cached_tokens ?? 0),
  };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict?: boolean } };

export interface ChatRequest {
  /** Name of a configured model; undefined = the default model. */
  model?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  responseFormat?: ResponseFormat;
}

export interface ChatResponse {
  content: string;
  usage: TokenUsage;
  /** The configured model name that answered. */
  model: string;
}

export interface EmbedRequest {
  /** Name of a configured embedding model; undefined = the default embedding model. */
  model?: string;
  input: string[];
}

export interface EmbedResponse {
  vectors: number[][];
  usage: TokenUsage;
  model: string;
}

export interface LlmPort {
  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse>;
  embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse>;
}

/** One named model configuration (settings `datagenflow.models` / `datagenflow.embeddingModels`). */
export interface ModelConfig {
  name: string;
  /** OpenAI-compatible base URL, e.g. `http://localhost:11434/v1`. */
  baseUrl: string;
  /** Model id sent to the endpoint. */
  model: string;
  pricePer1kInput?: number;
  pricePer1kOutput?: number;
  /** Run jobs using this model through the provider's Batch API by default (`run --batch` does it for one run). */
  batch?: boolean;
  /** Share of the online price a batch request costs (default 0.5), unless batch prices are given. */
  batchDiscount?: number;
  batchPricePer1kInput?: number;
  batchPricePer1kOutput?: number;
}

export interface ModelSettings {
  models: ModelConfig[];
  defaultModel?: string;
  embeddingModels: ModelConfig[];
  defaultEmbeddingModel?: string;
  /** Starting concurrency per (base URL, model). */
  concurrency: number;
  requestTimeoutMs: number;
  /** Retries after 5xx, timeouts, dropped connections. */
  maxRetries: number;
}

/** Looks up the API key of a model configuration (SecretStorage in VS Code, environment in the CLI). */
export type KeyLookup = (modelName: string) => Promise<string | undefined>;

export const OLLAMA_DEFAULT: ModelConfig = { name: 'ollama', baseUrl: 'http://localhost:11434/v1', model: 'llama3' };

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
  models: [],
  embeddingModels: [],
  concurrency: 8,
  requestTimeoutMs: 120_000,
  maxRetries: 3,
};
