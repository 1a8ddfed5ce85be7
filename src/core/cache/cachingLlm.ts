import { addUsage, emptyUsage, type ChatRequest, type ChatResponse, type EmbedRequest, type EmbedResponse, type LlmPort, type ModelConfig, type ModelSettings } from '../llm/llmTypes';
import { resolveChatModel, resolveEmbeddingModel } from '../llm/modelResolver';
import { OpenAiLlmClient } from '../llm/openAiClient';
import { CacheMissError, type CacheTally, type ResponseCacheMode } from './cacheTypes';
import { answerKey, requestHash } from './requestKey';
import type { ResponseStore, StoredAnswer } from './responseStore';

export interface CachingLlmOptions {
  settings: ModelSettings;
  store: ResponseStore;
  mode: ResponseCacheMode;
}

/** One block's calls within a unit: whether the block's answers all came from the cache. */
export interface BlockCalls {
  llm: LlmPort;
  /** At least one call, and every call answered from stored answers. */
  allReused(): boolean;
}

/** The calls of one unit: blocks take their port from here, so identical calls in the unit stay distinct. */
export interface UnitCalls {
  /** `blockId`: the block about to run (ports that key calls by block, such as the batch mode's, need it). */
  forBlock(blockId?: string): BlockCalls;
}

/** A port that wants to know which unit (and block) each call is for: the response cache, the batch mode. */
export interface UnitScopedLlm extends LlmPort {
  forUnit(unitKey: string): UnitCalls;
}

function isUnitScoped(llm: LlmPort): llm is UnitScopedLlm {
  return typeof (llm as Partial<UnitScopedLlm>).forUnit === 'function';
}

interface BlockCount {
  made: number;
  reused: number;
}

/**
 * The response cache, in front of the engine's LLM port: blocks never know. A call is keyed by its full request,
 * the unit it runs for and its occurrence in that unit (see answerKey); answers are stored in every mode, read in
 * `reuse` and `replay`. A reused answer reaches the block with zero usage (nothing was paid), and its original
 * usage and price are counted as saved. Calls made outside a unit are passed through, neither read nor stored.
 */
export class CachingLlm implements UnitScopedLlm {
  private readonly counts: CacheTally;

  constructor(
    readonly inner: LlmPort,
    private readonly options: CachingLlmOptions,
  ) {
    this.counts = { mode: options.mode, callsMade: 0, callsReused: 0, savedUsage: emptyUsage() };
  }

  get mode(): ResponseCacheMode {
    return this.options.mode;
  }

  /** What the calls did so far. */
  tally(): CacheTally {
    return { ...this.counts, savedUsage: { ...this.counts.savedUsage } };
  }

  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    this.counts.callsMade++;
    return this.inner.chat(request, signal);
  }

  embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse> {
    this.counts.callsMade++;
    return this.inner.embed(request, signal);
  }

  forUnit(unitKey: string): UnitCalls {
    const seen = new Map<string, number>();
    const keyOf = (hash: string) => {
      const occurrence = seen.get(hash) ?? 0;
      seen.set(hash, occurrence + 1);
      return answerKey(hash, unitKey, occurrence);
    };
    return {
      forBlock: () => {
        const count: BlockCount = { made: 0, reused: 0 };
        const llm: LlmPort = {
          chat: async (request, signal) => {
            const config = resolveChatModel(this.options.settings, request.model);
            const key = keyOf(requestHash(config, { kind: 'chat', request }));
            const stored = await this.lookup(key, 'chat', config, count);
            if (stored?.kind === 'chat') return { content: stored.content, usage: emptyUsage(), model: config.name };
            const response = await this.send(count, () => this.inner.chat(request, signal));
            await this.options.store.put(key, { kind: 'chat', content: response.content, usage: response.usage });
            return response;
          },
          embed: async (request, signal) => {
            const config = resolveEmbeddingModel(this.options.settings, request.model);
            const key = keyOf(requestHash(config, { kind: 'embed', request }));
            const stored = await this.lookup(key, 'embedding', config, count);
            if (stored?.kind === 'embed') return { vectors: stored.vectors, usage: emptyUsage(), model: config.name };
            const response = await this.send(count, () => this.inner.embed(request, signal));
            await this.options.store.put(key, { kind: 'embed', vectors: response.vectors, usage: response.usage });
            return response;
          },
        };
        return { llm, allReused: () => count.reused > 0 && count.made === 0 };
      },
    };
  }

  /** The stored answer when the mode reads them; a miss in `replay` fails the call. */
  private async lookup(key: string, what: 'chat' | 'embedding', config: ModelConfig, count: BlockCount): Promise<StoredAnswer | undefined> {
    if (this.options.mode === 'off') return undefined;
    const stored = await this.options.store.get(key);
    if (stored && stored.kind === (what === 'chat' ? 'chat' : 'embed')) {
      count.reused++;
      this.counts.callsReused++;
      addUsage(this.counts.savedUsage, stored.usage);
      const cost = OpenAiLlmClient.costOf(stored.usage, config);
      if (cost !== undefined) this.counts.savedCost = (this.counts.savedCost ?? 0) + cost;
      return stored;
    }
    if (this.options.mode === 'replay') throw new CacheMissError(what);
    return undefined;
  }

  private send<T>(count: BlockCount, call: () => Promise<T>): Promise<T> {
    count.made++;
    this.counts.callsMade++;
    return call();
  }
}

/** The unit's calls through the cache when `llm` is one; otherwise the port itself, nothing marked reused. */
export function unitCalls(llm: LlmPort, unitKey: string): UnitCalls {
  if (isUnitScoped(llm)) return llm.forUnit(unitKey);
  return { forBlock: () => ({ llm, allReused: () => false }) };
}

/** The tally of `llm` when it is a response cache. */
export function cacheTallyOf(llm: LlmPort): CacheTally | undefined {
  return llm instanceof CachingLlm ? llm.tally() : undefined;
}
