// What the Review service answers, in the engine's words. The Review panel's protocol (src/shared/reviewProtocol)
// re-exports these types for the wire (a type-only import), so they are declared once, here.
import type { JsonObject, RecordStatus, ReviewStatus } from '../store/storeTypes';

/** The status filter of the panel (a record status). */
export type ReviewFilter = RecordStatus;
/** What review can set (failed is an execution outcome). */
export type ReviewDecision = ReviewStatus;

export interface ReviewCounts {
  pending: number;
  accepted: number;
  rejected: number;
  failed: number;
  total: number;
}

/** Token counts, camelCase (the store's columns are snake_case, mapped in reviewViews). */
export interface ReviewUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
}

/** A job in the selector. */
export interface ReviewJobOption {
  id: number;
  pipelineName: string;
  status: string;
  records: number;
  createdAt: string;
}

/** The header's job summary. */
export interface ReviewJobSummary {
  id: number;
  pipelineName: string;
  pipelinePath: string;
  status: string;
  total: number;
  generated: number;
  failed: number;
  usage: ReviewUsage;
  /** Run time so far (finished jobs) or null while it was never finished. */
  elapsedMs: number | null;
  startedAt: string;
  finishedAt: string | null;
  running: boolean;
}

/** Which output fields show large, smaller, or only in the trace. */
export interface ReviewFieldLayout {
  primary: string[];
  secondary: string[];
  hidden: string[];
}

export interface ReviewJobView {
  job: ReviewJobSummary;
  counts: ReviewCounts;
  layout: ReviewFieldLayout;
  /** Block output fields seen in the job's first records (layout candidates). */
  fields: string[];
}

/** A histogram of one numeric output field over the job's records (failed executions excluded). */
export interface ReviewChart {
  /** Dotted path into the output, e.g. `generated.score`. */
  field: string;
  count: number;
  min: number;
  max: number;
  mean: number;
  bins: { from: number; to: number; count: number; label: string }[];
}

/** One row of the list view: block output fields cut short. */
export interface ReviewRow {
  id: number;
  seedIndex: number;
  unitKey: string;
  status: ReviewFilter;
  edited: boolean;
  /** Block outputs (seed metadata and internal `_` keys removed), long strings cut to a preview. */
  fields: JsonObject;
  error: string | null;
}

/** One block of a record's trace, with the accumulated state after it (derived: seed metadata + outputs so far). */
export interface ReviewTraceStep {
  blockId: string;
  blockType: string;
  startedAt: string;
  /** Milliseconds from the first block's start: where the step sits on the timeline. */
  offsetMs: number;
  durationMs: number;
  output: JsonObject | null;
  error: string | null;
  stateAfter: JsonObject;
  /** The block's model answers all came from the response cache (Re-run with changes): nothing sent, nothing paid. */
  reused?: boolean;
}

export interface ReviewRecord {
  id: number;
  jobId: number;
  seedIndex: number;
  unitKey: string;
  status: ReviewFilter;
  edited: boolean;
  /** Block outputs (current values, edits included). */
  fields: JsonObject;
  /** Block outputs as generated; present once the record was edited. */
  originalFields: JsonObject | null;
  metadata: JsonObject;
  error: string | null;
  trace: ReviewTraceStep[];
  usage: ReviewUsage;
  durationMs: number;
  createdAt: string;
  updatedAt: string;
}

/** A position in a filter: the `offset`-th record (0-based, unit order) of `status`. */
export interface ReviewPosition {
  jobId: number;
  status: ReviewFilter;
  offset: number;
}

/** The record at a position (clamped into the filter), or null when the filter is empty. */
export interface ReviewRecordAt {
  record: ReviewRecord | null;
  offset: number;
  /** Records in the filter. */
  total: number;
}

export interface ReviewPage {
  rows: ReviewRow[];
  offset: number;
  total: number;
}
