// Store rows turned into what the Review panel shows: block outputs only (seed metadata and internal keys apart),
// traces with the accumulated state after each block, and the default field layout.
import type { TokenUsage } from '../llm/llmTypes';
import type { ReviewFieldLayout, ReviewJobOption, ReviewJobSummary, ReviewRecord, ReviewRow, ReviewTraceStep, ReviewUsage } from './reviewTypes';
import { blockOutputs } from '../records/blockOutputs';
import type { JobRow, JsonObject, RecordDetail, RecordSummary } from '../store/storeTypes';

/** Longest string a list row carries; the single view shows the whole value. */
const ROW_PREVIEW_CHARS = 240;

export function jobOption(job: JobRow): ReviewJobOption {
  return { id: job.id, pipelineName: job.pipelineName, status: job.status, records: job.generated + job.failed, createdAt: job.createdAt };
}

export function jobSummary(job: JobRow): ReviewJobSummary {
  return {
    id: job.id,
    pipelineName: job.pipelineName,
    pipelinePath: job.pipelinePath,
    status: job.status,
    total: job.total,
    generated: job.generated,
    failed: job.failed,
    usage: reviewUsage(job.usage),
    elapsedMs: job.elapsedMs,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    running: job.status === 'running',
  };
}

/** The store's snake_case token counts in the protocol's camelCase. */
function reviewUsage(usage: TokenUsage): ReviewUsage {
  return { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cachedTokens: usage.cached_tokens };
}

export function reviewRow(record: RecordSummary): ReviewRow {
  const fields = blockOutputs(record.output ?? {}, record.metadata);
  const preview: JsonObject = {};
  for (const [key, value] of Object.entries(fields)) preview[key] = previewValue(value);
  return { id: record.id, seedIndex: record.seedIndex, unitKey: record.unitKey, status: record.status, edited: record.edited, fields: preview, error: record.error };
}

function previewValue(value: unknown): unknown {
  if (typeof value === 'string') return value.length > ROW_PREVIEW_CHARS ? `${value.slice(0, ROW_PREVIEW_CHARS)}…` : value;
  if (typeof value !== 'object' || value === null) return value;
  const text = JSON.stringify(value);
  return text.length > ROW_PREVIEW_CHARS ? `${text.slice(0, ROW_PREVIEW_CHARS)}…` : value;
}

export function reviewRecord(record: RecordDetail): ReviewRecord {
  return {
    id: record.id,
    jobId: record.jobId,
    seedIndex: record.seedIndex,
    unitKey: record.unitKey,
    status: record.status,
    edited: record.edited,
    fields: blockOutputs(record.output ?? {}, record.metadata),
    originalFields: record.originalOutput ? blockOutputs(record.originalOutput, record.metadata) : null,
    metadata: record.metadata,
    error: record.error,
    trace: traceSteps(record),
    usage: reviewUsage(record.usage),
    durationMs: record.durationMs,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The lean trace with the state after each block derived from it: seed metadata, then each output merged in order. */
function traceSteps(record: Pick<RecordDetail, 'trace' | 'metadata'>): ReviewTraceStep[] {
  const first = record.trace.length ? Date.parse(record.trace[0].started_at) : 0;
  let state: JsonObject = { ...record.metadata };
  return record.trace.map((entry) => {
    if (entry.output) state = { ...state, ...entry.output };
    const started = Date.parse(entry.started_at);
    return {
      blockId: entry.block_id,
      blockType: entry.block_type,
      startedAt: entry.started_at,
      offsetMs: Number.isFinite(started) && Number.isFinite(first) ? Math.max(0, started - first) : 0,
      durationMs: entry.duration_ms,
      output: entry.output,
      error: entry.error,
      stateAfter: state,
      ...(entry.reused ? { reused: true } : {}),
    };
  });
}

/**
 * A pipeline without a saved layout: `assistant` (the usual generated text) large, or else the first field; the
 * rest smaller. A saved layout gets the fields it does not mention appended to secondary.
 */
export function resolveLayout(saved: ReviewFieldLayout | undefined, fields: readonly string[]): ReviewFieldLayout {
  if (!saved) {
    const primary = fields.includes('assistant') ? ['assistant'] : fields.slice(0, 1);
    return { primary, secondary: fields.filter((f) => !primary.includes(f)), hidden: [] };
  }
  const known = new Set([...saved.primary, ...saved.secondary, ...saved.hidden]);
  return { primary: [...saved.primary], secondary: [...saved.secondary, ...fields.filter((f) => !known.has(f))], hidden: [...saved.hidden] };
}

/** Keys of a record's block outputs, in first-seen order over several records. */
export function fieldNames(records: readonly RecordSummary[]): string[] {
  const names = new Set<string>();
  for (const r of records) for (const key of Object.keys(blockOutputs(r.output ?? {}, r.metadata))) names.add(key);
  return [...names];
}
