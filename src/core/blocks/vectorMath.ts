import { CancelledError, LlmError } from '../errors';
import { addUsage, emptyUsage, type EmbedResponse, type LlmPort } from '../llm/llmTypes';

/** Embedding helpers shared by RagasMetrics, SemanticInfiller and DuplicateRemover. */

/** Inputs per embedding request; OpenAI allows 2048, smaller servers much less, so stay well below. */
const EMBED_BATCH = 256;

/** Cosine similarity; 0 when either vector is all zeros (an empty text can embed to one). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) {
    throw new Error(`embedding dimensions differ: ${a.length} vs ${b.length}`);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return 0;
  return dot / (Math.sqrt(na) * Math.sqrt(nb));
}

/** The highest cosine of `v` against `others` (0 when there are none). */
export function maxCosine(v: readonly number[], others: readonly (readonly number[])[]): number {
  let best = 0;
  let seen = false;
  for (const o of others) {
    const c = cosine(v, o);
    if (!seen || c > best) best = c;
    seen = true;
  }
  return seen ? best : 0;
}

/** Indices of the `n` vectors most similar to `v`, most similar first, with their similarity. */
export function topSimilar(
  v: readonly number[],
  others: readonly (readonly number[])[],
  n: number,
): { index: number; similarity: number }[] {
  return others
    .map((o, index) => ({ index, similarity: cosine(v, o) }))
    .sort((x, y) => y.similarity - x.similarity || x.index - y.index)
    .slice(0, Math.max(0, n));
}

export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * Embeds texts in batches (never one call per text: endpoints batch far better than we can), at most EMBED_BATCH
 * texts per call because endpoints cap the inputs of one request. Checks that one vector came back per text, so
 * callers can index by position. Usage is summed over the calls.
 */
export async function embedTexts(
  llm: LlmPort,
  model: string | undefined,
  texts: string[],
  signal: AbortSignal,
): Promise<EmbedResponse> {
  const vectors: number[][] = [];
  const usage = emptyUsage();
  let answeredBy = model ?? '';
  for (let start = 0; start < texts.length; start += EMBED_BATCH) {
    const batch = texts.slice(start, start + EMBED_BATCH);
    const response = await llm.embed({ model, input: batch }, signal);
    if (response.vectors.length !== batch.length) {
      throw new Error(`embedding model returned ${response.vectors.length} vectors for ${batch.length} texts`);
    }
    vectors.push(...response.vectors);
    addUsage(usage, response.usage);
    answeredBy = response.model;
  }
  return { vectors, usage, model: answeredBy };
}

/** True when an error means "the run was cancelled": such errors must propagate, never be degraded into scores. */
export function isCancellation(e: unknown, signal: AbortSignal): boolean {
  return signal.aborted || e instanceof CancelledError || (e instanceof LlmError && e.kind === 'aborted');
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
