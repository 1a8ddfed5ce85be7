import { createHash } from 'node:crypto';
import { ModelConfigError } from '../errors';
import { emptyUsage, type ChatRequest, type ChatResponse, type EmbedRequest, type EmbedResponse, type LlmPort, type ModelConfig, type ModelSettings } from '../llm/llmTypes';
import { resolveChatModel, resolveEmbeddingModel } from '../llm/modelResolver';
import { placeholderAnswer, placeholderText, placeholderTokensIn } from './placeholderAnswers';
import { chatInputTokens, embeddingInputTokens } from './promptTokens';

/** One request a block would send, as the plan counts it. */
export interface PlannedCall {
  blockId: string;
  kind: 'chat' | 'embed';
  /** The configuration that would answer (its prices), or undefined when the name is not configured. */
  model: ModelConfig | undefined;
  modelName: string;
  inputTokens: number;
  /** Of `inputTokens`, those of placeholder answers (earlier blocks' outputs not seen yet): a guess, not a count. */
  placeholderTokens: number;
  /** The request's max_tokens: the most it may answer (chat only). */
  maxTokens?: number;
}

const VECTOR_DIMS = 64;

/**
 * An `LlmPort` that sends nothing: it counts each request's input tokens under the block being planned and answers
 * with named placeholders (schema-shaped for json_schema). Embeddings are distinct pseudo-random unit vectors per
 * text, so diversity checks see unrelated samples and do not retry.
 */
export class DryRunLlm implements LlmPort {
  /** The block whose requests are being counted: set before each block runs. */
  blockId = '';
  readonly calls: PlannedCall[] = [];
  /** Model names the settings do not configure (the real run would fail on them). */
  readonly unknownModels = new Set<string>();
  /**
   * Tokens of one text answer per block, when earlier jobs or tries measured it: a block that calls several times
   * and feeds its answers back (a conversation's turns) then sends prompts of the measured size, not of the guess.
   */
  readonly answerTokens = new Map<string, number>();

  constructor(readonly settings: ModelSettings) {}

  async chat(request: ChatRequest): Promise<ChatResponse> {
    const model = this.resolve(() => resolveChatModel(this.settings, request.model), request.model);
    this.calls.push({
      blockId: this.blockId,
      kind: 'chat',
      model,
      modelName: model?.name ?? request.model ?? '(default)',
      inputTokens: chatInputTokens(request.messages, request.responseFormat),
      placeholderTokens: placeholderTokensIn(request.messages.map((m) => m.content)),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    });
    const measured = this.answerTokens.get(this.blockId);
    const content = measured !== undefined && (request.responseFormat ?? { type: 'text' }).type === 'text' ? placeholderText(this.blockId, measured) : placeholderAnswer(this.blockId, request.responseFormat);
    return { content, usage: emptyUsage(), model: model?.name ?? '' };
  }

  async embed(request: EmbedRequest): Promise<EmbedResponse> {
    const model = this.resolve(() => resolveEmbeddingModel(this.settings, request.model), request.model);
    this.calls.push({ blockId: this.blockId, kind: 'embed', model, modelName: model?.name ?? request.model ?? '(default embedding)', inputTokens: embeddingInputTokens(request.input), placeholderTokens: placeholderTokensIn(request.input) });
    return { vectors: request.input.map(pseudoVector), usage: emptyUsage(), model: model?.name ?? '' };
  }

  private resolve(resolveModel: () => ModelConfig, name: string | undefined): ModelConfig | undefined {
    try {
      return resolveModel();
    } catch (e) {
      if (!(e instanceof ModelConfigError)) throw e;
      this.unknownModels.add(name ?? '(default)');
      return undefined;
    }
  }
}

function pseudoVector(text: string): number[] {
  const out: number[] = [];
  let norm = 0;
  for (let round = 0; out.length < VECTOR_DIMS; round++) {
    const digest = createHash('sha256').update(`${round}\u0000${text}`).digest();
    for (let i = 0; i + 1 < digest.length && out.length < VECTOR_DIMS; i += 2) {
      const v = digest.readUInt16LE(i) / 32768 - 1;
      out.push(v);
      norm += v * v;
    }
  }
  const scale = Math.sqrt(norm) || 1;
  return out.map((v) => v / scale);
}
