import { isJsonObject } from '../json/jsonPath';
import type { RequestContext } from '../llm/errorMapping';
import { parseChatCompletion } from '../llm/responseParsing';
import type { AnswerEntry, ProviderBatch } from './batchTypes';

/** The `custom_id`s of an input file's lines, in order. */
export async function inputIds(lines: AsyncIterable<string>): Promise<string[]> {
  const ids: string[] = [];
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = JSON.parse(line) as { custom_id: string };
    ids.push(parsed.custom_id);
  }
  return ids;
}

export interface ReadResults {
  entries: AnswerEntry[];
  /** Output or error lines that were not JSON or named no request of the file. */
  malformed: number;
}

/**
 * Turns a finished batch's output and error files into one entry per request of its input file: an answer, an
 * error (retryable for 429, 5xx, a timeout or an unreadable answer; not for other 4xx), or a miss for a request
 * the batch never answered (expired, cancelled, failed, or its line malformed): misses are retryable.
 */
export async function readResults(batch: ProviderBatch, ids: readonly string[], sources: readonly AsyncIterable<string>[], ctx: RequestContext): Promise<ReadResults> {
  const wanted = new Set(ids);
  const found = new Map<string, AnswerEntry>();
  let malformed = 0;
  for await (const line of concat(sources)) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      malformed++;
      continue;
    }
    const entry = resultEntry(parsed, ctx);
    if (!entry || !wanted.has(entry.id)) {
      malformed++;
      continue;
    }
    // An answer wins over an error line for the same request.
    if (!found.has(entry.id) || 'ok' in entry) found.set(entry.id, entry);
  }
  const why = missReason(batch);
  const entries = ids.map((id): AnswerEntry => {
    const entry = found.get(id) ?? { id, err: { message: why, retryable: true } };
    return 'err' in entry ? { ...entry, batch: batch.id } : entry;
  });
  return { entries, malformed };
}

function resultEntry(line: unknown, ctx: RequestContext): AnswerEntry | undefined {
  if (!isJsonObject(line) || typeof line.custom_id !== 'string') return undefined;
  const id = line.custom_id;
  const response = isJsonObject(line.response) ? line.response : undefined;
  const status = typeof response?.status_code === 'number' ? response.status_code : undefined;
  if (response && status !== undefined && status >= 200 && status < 300) {
    try {
      return { id, ok: parseChatCompletion(response.body, ctx) };
    } catch (e) {
      return { id, err: { message: (e as Error).message, status, retryable: true } };
    }
  }
  const error = isJsonObject(line.error) ? line.error : isJsonObject(response?.body) && isJsonObject(response.body.error) ? response.body.error : undefined;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status ?? 'error'}`;
  const retryable = status === undefined || status === 408 || status === 429 || status >= 500;
  return { id, err: { message: status !== undefined ? `HTTP ${status}: ${message}` : message, ...(status !== undefined ? { status } : {}), retryable } };
}

async function* concat(sources: readonly AsyncIterable<string>[]): AsyncGenerator<string, void, undefined> {
  for (const source of sources) yield* source;
}

function missReason(batch: ProviderBatch): string {
  switch (batch.status) {
    case 'expired':
      return `batch ${batch.id} expired before answering it`;
    case 'cancelled':
      return `batch ${batch.id} was cancelled before answering it`;
    case 'failed':
      return `batch ${batch.id} failed${batch.errors ? `: ${batch.errors}` : ''}`;
    default:
      return `batch ${batch.id} returned no answer for it`;
  }
}
