import { LlmError } from '../errors';
import type { ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, LlmPort, ModelConfig, ModelSettings } from '../llm/llmTypes';
import { resolveChatModel, resolveEmbeddingModel } from '../llm/modelResolver';

/** An endpoint that did not answer the first request a run sent it. */
export interface UnreachableEndpoint {
  modelName: string;
  baseUrl: string;
  error: LlmError;
}

/** Failures that say the endpoint (not this request) is unusable: every later request would fail the same way. */
const ENDPOINT_FAILURES = new Set<LlmError['kind']>(['connection', 'timeout', 'server', 'auth', 'not-found']);

type EndpointState = { state: 'asking'; done: Promise<unknown> } | { state: 'answers' } | { state: 'down'; error: LlmError };

/**
 * The endpoint check of a run that reuses stored answers, made with the run's own first request: placed between the
 * response cache and the client, it sees only misses, so an endpoint whose answers are all stored is never asked
 * (a re-run after editing the last block sends exactly that block's requests, no "Say hello"). The first miss of
 * each endpoint goes alone (the others wait for it); if it fails in a way that says the endpoint is down (after the
 * client's retries), `onUnreachable` is told once and every later request to it fails at once with that error,
 * sending nothing.
 */
export class FirstMissCheck implements LlmPort {
  private readonly endpoints = new Map<string, EndpointState>();

  constructor(
    private readonly inner: LlmPort,
    private readonly settings: ModelSettings,
    private readonly onUnreachable: (endpoint: UnreachableEndpoint) => void,
  ) {}

  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    return this.through(this.target(() => resolveChatModel(this.settings, request.model)), () => this.inner.chat(request, signal));
  }

  embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse> {
    return this.through(this.target(() => resolveEmbeddingModel(this.settings, request.model)), () => this.inner.embed(request, signal));
  }

  private target(resolve: () => ModelConfig): ModelConfig | undefined {
    try {
      return resolve();
    } catch {
      return undefined; // the client throws the configuration error itself
    }
  }

  private async through<T>(config: ModelConfig | undefined, send: () => Promise<T>): Promise<T> {
    if (!config) return send();
    const key = `${config.baseUrl}\u0000${config.model}`;
    for (;;) {
      const known = this.endpoints.get(key);
      if (known?.state === 'answers') return send();
      if (known?.state === 'down') throw known.error;
      if (known?.state === 'asking') {
        await known.done.catch(() => undefined);
        continue;
      }
      const first = send();
      this.endpoints.set(key, { state: 'asking', done: first });
      try {
        const answer = await first;
        this.endpoints.set(key, { state: 'answers' });
        return answer;
      } catch (e) {
        if (e instanceof LlmError && ENDPOINT_FAILURES.has(e.kind)) {
          this.endpoints.set(key, { state: 'down', error: e });
          this.onUnreachable({ modelName: config.name, baseUrl: config.baseUrl, error: e });
        } else if (e instanceof LlmError && e.kind !== 'aborted') {
          // It answered, refusing this request (bad request, rate limit, an answer it could not parse).
          this.endpoints.set(key, { state: 'answers' });
        } else {
          this.endpoints.delete(key); // cancelled, or not a model failure: the next request asks again
        }
        throw e;
      }
    }
  }
}
