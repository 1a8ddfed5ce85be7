import type { UnitCalls, UnitScopedLlm } from '../cache/cachingLlm';
import { LlmError } from '../errors';
import { chatBody } from '../llm/openAiClient';
import type { ChatRequest, ChatResponse, EmbedRequest, EmbedResponse, LlmPort, ModelSettings } from '../llm/llmTypes';
import { resolveChatModel, resolveEmbeddingModel } from '../llm/modelResolver';
import { BatchPending } from './batchErrors';
import type { BatchLedger } from './batchLedger';
import type { BatchSettings } from './batchSettings';
import { customId } from './customId';

/** Where a stage's requests go: one JSONL line for a model configuration's batch file. */
export type RequestCollector = (model: string, line: string) => void;

/**
 * The LLM port of a batch job's units: a chat call is answered from the batch answers when the job has one for it
 * (by unit, block and call, see customId); otherwise it goes into this stage's batch file and the unit stops
 * there (BatchPending) until the batch has answered. A request whose batch left it unanswered goes into the next
 * batch, or (`missing: online`) is sent online once, its answer kept like a batch answer. A request that failed
 * for good fails its block as an online error would. Embeddings, and calls outside units, go online.
 */
export class BatchLlm implements UnitScopedLlm {
  private readonly pending = new Map<string, number>();
  private collector: RequestCollector | undefined;

  constructor(
    private readonly online: LlmPort,
    private readonly ledger: BatchLedger,
    private readonly models: ModelSettings,
    private readonly batch: BatchSettings,
  ) {}

  /** Where requests of the stage now being prepared go; undefined while no stage is prepared. */
  collectInto(collector: RequestCollector | undefined): void {
    this.collector = collector;
  }

  /** The unit is recorded: its answers leave memory. */
  forgetUnit(unitKey: string): void {
    this.ledger.forgetUnit(unitKey);
  }

  /** How many of the unit's calls were put into the stage's batch (and forgets them). */
  takePending(unitKey: string): number {
    const count = this.pending.get(unitKey) ?? 0;
    this.pending.delete(unitKey);
    return count;
  }

  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    return this.online.chat(request, signal);
  }

  embed(request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse> {
    return this.online.embed(request, signal);
  }

  forUnit(unitKey: string): UnitCalls {
    return {
      forBlock: (blockId = '?') => {
        let call = 0;
        let embedCall = 0;
        const llm: LlmPort = {
          chat: (request, signal) => this.answer(unitKey, customId(unitKey, blockId, call++), request, signal),
          embed: (request, signal) => this.embedOnce(customId(unitKey, `${blockId}/embed`, embedCall++), request, signal),
        };
        return { llm, allReused: () => false };
      },
    };
  }

  /** Embeddings go online, once: a later stage replays the kept vectors instead of asking again. */
  private async embedOnce(id: string, request: EmbedRequest, signal: AbortSignal): Promise<EmbedResponse> {
    const known = this.ledger.request(id)?.answer;
    if (known?.vectors) return { vectors: known.vectors, usage: { ...known.usage }, model: resolveEmbeddingModel(this.models, request.model).name };
    const response = await this.online.embed(request, signal);
    await this.ledger.append([{ id, ok: { content: '', usage: response.usage, vectors: response.vectors }, online: true }]);
    return response;
  }

  private async answer(unitKey: string, id: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResponse> {
    const config = resolveChatModel(this.models, request.model);
    const known = this.ledger.request(id);
    if (known?.answer) return { content: known.answer.content, usage: { ...known.answer.usage }, model: config.name };
    if (known?.lastError && (!known.lastError.retryable || known.attempts >= this.batch.maxAttempts)) {
      const tries = known.attempts > 1 ? ` (after ${known.attempts} attempts)` : '';
      throw new LlmError(known.lastError.retryable ? 'server' : 'bad-request', `Batch request ${id} failed${tries}: ${known.lastError.message}`, known.lastError.status);
    }
    if (known && known.attempts > 0 && this.batch.missing === 'online') {
      const response = await this.online.chat(request, signal);
      await this.ledger.append([{ id, ok: { content: response.content, usage: response.usage }, online: true }]);
      return response;
    }
    if (!this.collector) throw new BatchPending(id);
    this.collector(config.name, JSON.stringify({ custom_id: id, method: 'POST', url: '/v1/chat/completions', body: chatBody(config, request) }));
    this.pending.set(unitKey, (this.pending.get(unitKey) ?? 0) + 1);
    throw new BatchPending(id);
  }
}
