import { createHash } from 'node:crypto';
import { OpenAI } from 'openai';
import type { LlmError, LlmErrorKind } from '../errors';
import { LimiterRegistry } from './adaptiveLimiter';
import { deriveSignal } from './derivedSignal';
import { endpointClientOptions, endpointRequestContext } from './endpointClientOptions';
import { abortedError, isPermanentConnectionFailure, toLlmError, type RequestContext } from './errorMapping';
import type {
  ChatRequest,
  ChatResponse,
  EmbedRequest,
  EmbedResponse,
  KeyLookup,
  LlmPort,
  ModelConfig,
  ModelSettings,
  TokenUsage,
} from './llmTypes';
import { sharedHttpTransport, type FetchLike } from './httpTransport';
import { resolveChatModel, resolveEmbeddingModel } from './modelResolver';
import { parseChatCompletion, parseEmbeddings } from './responseParsing';
import { withRetries, type RetryInfo, type Sleep } from './retryPolicy';

/** For logs: what the client did about a failure. Messages never contain API keys. */
export type LlmClientEvent =
  | { type: 'retry'; baseUrl: string; model: string; attempt: number; delayMs: number; kind: LlmErrorKind; message: string }
  | { type: 'rate-limit'; baseUrl: string; model: string; attempt: number; delayMs: number; limit: number; limitCut: boolean };

export interface OpenAiLlmClientOptions {
  settings: ModelSettings;
  keys: KeyLookup;
  /** Share one registry across clients so what was learned about an endpoint survives a settings reload. */
  limiters?: LimiterRegistry;
  sleep?: Sleep;
  random?: () => number;
  onEvent?: (event: LlmClientEvent) => void;
  /** Backoff tuning; tests shrink it, production keeps the defaults (500 ms base, 30 s cap, 20 rate-limit retries). */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxRateLimitRetries?: number; defaultRateLimitDelayMs?: number };
  /** How requests travel (default: the shared HttpTransport: node:http for loopback, the global fetch otherwise). */
  fetch?: FetchLike;
}

/** What a request to one configuration needs: its SDK client and the context its errors are described with. */
interface Prepared {
  /** The key the client was made with (ctx lists it as a secret to mask too). */
  key: string | undefined;
  client: OpenAI;
  ctx: RequestContext;
}

export type ConnectionTestResult = { ok: true; latencyMs: number; model: string } | { ok: false; error: LlmError };

/** How patiently `checkEndpoint` waits for an endpoint that fails in a way that may pass (5xx, timeout, reset). */
export interface EndpointCheckOptions {
  /** Requests in all, the first included (default 5). */
  attempts?: number;
  /** Timeout of each request (default: the request timeout, at most 15 s), so a hang costs that, not 120 s. */
  attemptTimeoutMs?: number;
  /** Backoff between attempts: from half to all of base·2^(n-1), capped (defaults 1 s and 8 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Before each wait: what failed and when the next attempt comes. */
  onRetry?: (info: EndpointRetry) => void;
}

export interface EndpointRetry {
  baseUrl: string;
  model: string;
  error: LlmError;
  delayMs: number;
  /** The attempt about to be made (2-based) and the total allowed. */
  nextAttempt: number;
  attempts: number;
}

const CHECK_ATTEMPTS = 5;
const CHECK_ATTEMPT_TIMEOUT_MS = 15_000;

/** `LlmPort` over the official `openai` SDK, with per-endpoint adaptive concurrency and our own retry policy. */
export class OpenAiLlmClient implements LlmPort {
  private readonly sdkClients = new Map<string, OpenAI>();
  /** Per configuration (name, URL, model): the client and context of its last request, and the key they were made for. */
  private readonly lastPrepared = new Map<string, Prepared>();
  private readonly limiters: LimiterRegistry;

  constructor(private readonly options: OpenAiLlmClientOptions) {
    this.limiters = options.limiters ?? new LimiterRegistry();
  }

  async chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const config = resolveChatModel(this.options.settings, request.model);
    const body = chatBody(config, request);
    const result = await this.withPolicy(config, signal, async (client, ctx, callSignal) =>
      parseChatCompletion(await client.chat.completions.create(body, { signal: callSignal }), ctx),
    );
    return { ...result, model: config.name };
  }

  async embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse> {
    const config = resolveEmbeddingModel(this.options.settings, request.model);
    if (request.input.length === 0) {
      return { vectors: [], usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 }, model: config.name };
    }
    // 'float' explicitly: by default the SDK asks for base64 and decodes it, which some compatible servers ignore.
    const body: OpenAI.EmbeddingCreateParams = { model: config.model, input: request.input, encoding_format: 'float' };
    const result = await this.withPolicy(config, signal, async (client, ctx, callSignal) =>
      parseEmbeddings(await client.embeddings.create(body, { signal: callSignal }), request.input.length, ctx),
    );
    return { ...result, model: config.name };
  }

  /**
   * One tiny chat, no retries and no queueing behind running jobs, so the user sees the real first failure at
   * once. An unknown model name is a configuration problem and throws `ModelConfigError` like `chat()` does.
   */
  async testConnection(modelName: string | undefined, signal: AbortSignal): Promise<ConnectionTestResult> {
    const config = resolveChatModel(this.options.settings, modelName);
    const body = chatBody(config, { messages: [{ role: 'user', content: 'Say hello' }], maxTokens: 5 });
    const { client, ctx } = await this.prepare(config);
    const started = performance.now();
    try {
      parseChatCompletion(await client.chat.completions.create(body, { signal }), ctx);
      return { ok: true, latencyMs: Math.round(performance.now() - started), model: config.name };
    } catch (error) {
      return { ok: false, error: toLlmError(error, ctx, signal) };
    }
  }

  /**
   * The check before a run: the same tiny chat as testConnection, under the retry policy. 5xx, timeouts (each
   * attempt has its own, shorter timeout), dropped or refused connections and 429s are retried with backoff;
   * 401/403/404 and other 4xx, a port fetch refuses and TLS certificate errors end it at once. Not queued behind running jobs. Resolves with the last failure.
   */
  async checkEndpoint(modelName: string | undefined, signal: AbortSignal, options: EndpointCheckOptions = {}): Promise<ConnectionTestResult> {
    const config = resolveChatModel(this.options.settings, modelName);
    const body = chatBody(config, { messages: [{ role: 'user', content: 'Say hello' }], maxTokens: 5 });
    const attempts = Math.max(1, Math.trunc(options.attempts ?? CHECK_ATTEMPTS));
    const timeout = options.attemptTimeoutMs ?? Math.min(this.options.settings.requestTimeoutMs, CHECK_ATTEMPT_TIMEOUT_MS);
    const prepared = await this.prepare(config);
    const { client } = prepared;
    const ctx = { ...prepared.ctx, timeoutMs: timeout };
    const started = performance.now();
    try {
      await withRetries(
        async () => {
          try {
            return parseChatCompletion(await client.chat.completions.create(body, { signal, timeout }), ctx);
          } catch (error) {
            throw toLlmError(error, ctx, signal);
          }
        },
        {
          maxRetries: attempts - 1,
          maxRateLimitRetries: attempts - 1,
          baseDelayMs: options.baseDelayMs ?? 1_000,
          maxDelayMs: options.maxDelayMs ?? 8_000,
          defaultRateLimitDelayMs: options.baseDelayMs ?? 1_000,
          // Half to all of the exponential step: a restarting server gets real pauses, never a burst of 0 ms retries.
          random: () => 0.5 + (this.options.random ?? Math.random)() / 2,
          sleep: this.options.sleep,
          signal,
          abortedError: () => abortedError(ctx),
          isPermanent: isPermanentConnectionFailure,
          onRetry: (info) => options.onRetry?.({ baseUrl: config.baseUrl, model: config.name, error: info.error, delayMs: info.delayMs, nextAttempt: info.attempt + 1, attempts }),
        },
      );
      return { ok: true, latencyMs: Math.round(performance.now() - started), model: config.name };
    } catch (error) {
      return { ok: false, error: toLlmError(error, ctx, signal) };
    }
  }

  /** Cost of `usage` at the configuration's prices, or undefined when it has none. Cached tokens bill as input. */
  static costOf(usage: TokenUsage, config: Pick<ModelConfig, 'pricePer1kInput' | 'pricePer1kOutput'>): number | undefined {
    if (config.pricePer1kInput === undefined && config.pricePer1kOutput === undefined) {
      return undefined;
    }
    return (usage.input_tokens * (config.pricePer1kInput ?? 0) + usage.output_tokens * (config.pricePer1kOutput ?? 0)) / 1000;
  }

  private async withPolicy<T>(
    config: ModelConfig,
    callerSignal: AbortSignal,
    send: (client: OpenAI, ctx: RequestContext, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const { settings, retry, sleep, random, onEvent } = this.options;
    // A job passes one signal to thousands of calls: give each call its own (see derivedSignal).
    const derived = deriveSignal(callerSignal);
    const signal = derived.signal;
    const { client, ctx } = await this.prepare(config);
    const limiter = this.limiters.get(config.baseUrl, config.model, settings.concurrency);
    const report = (info: RetryInfo): void => {
      const where = { baseUrl: config.baseUrl, model: config.model, attempt: info.attempt, delayMs: info.delayMs };
      onEvent?.(
        info.error.kind === 'rate-limit'
          ? { type: 'rate-limit', ...where, limit: limiter.limit, limitCut: info.limitCut }
          : { type: 'retry', ...where, kind: info.error.kind, message: info.error.message },
      );
    };
    try {
      return await withRetries(
        async () => {
          try {
            return await send(client, ctx, signal);
          } catch (error) {
            throw toLlmError(error, ctx, signal);
          }
        },
        { ...retry, maxRetries: settings.maxRetries, sleep, random, signal, limiter, onRetry: report, abortedError: () => abortedError(ctx) },
      );
    } finally {
      derived.dispose();
    }
  }

  private async prepare(config: ModelConfig): Promise<Prepared> {
    const key = (await this.options.keys(config.name))?.trim() || undefined;
    // A job sends thousands of requests with the same configuration and key: reuse what was made for the last one.
    const memoKey = `${config.name}\u0000${config.baseUrl}\u0000${config.model}`;
    const last = this.lastPrepared.get(memoKey);
    if (last && last.key === key) return last;
    const prepared = { key, client: this.sdkClient(config.baseUrl, key), ctx: endpointRequestContext(config, key, this.options.settings.requestTimeoutMs) };
    this.lastPrepared.set(memoKey, prepared);
    return prepared;
  }

  // One SDK instance per (base URL, key): each keeps its own keep-alive pool, and a key change must not reuse a
  // client that still carries the old one. The map key holds a hash, so the key itself is stored only by the SDK.
  private sdkClient(baseUrl: string, key: string | undefined): OpenAI {
    const cacheKey = `${baseUrl}\u0000${key === undefined ? '' : createHash('sha256').update(key).digest('hex')}`;
    let client = this.sdkClients.get(cacheKey);
    if (!client) {
      client = new OpenAI({ ...endpointClientOptions(baseUrl, key, this.options.settings.requestTimeoutMs), maxRetries: 0, fetch: this.options.fetch ?? sharedHttpTransport().fetch });
      this.sdkClients.set(cacheKey, client);
    }
    return client;
  }
}

/** The chat completion body the client sends (the batch mode writes the same bodies into its files). */
export function chatBody(config: ModelConfig, request: ChatRequest): OpenAI.ChatCompletionCreateParamsNonStreaming {
  const body: OpenAI.ChatCompletionCreateParamsNonStreaming = {
    model: config.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.responseFormat !== undefined) body.response_format = request.responseFormat;
  return body;
}
