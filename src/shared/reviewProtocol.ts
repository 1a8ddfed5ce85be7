// The Review panel's protocol: what the webview may ask the host, and what the host pushes. Records are paged by
// the host (a page, or one record with its trace); the webview never holds a whole job.
import type { RpcMethod } from './rpc';

export type JsonObject = Record<string, unknown>;

export const REVIEW_FILTERS = ['pending', 'accepted', 'rejected', 'failed'] as const;
/** The status filter of the panel (a record status). */
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];
/** What review can set (failed is an execution outcome). */
export type ReviewDecision = Exclude<ReviewFilter, 'failed'>;
export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['pending', 'accepted', 'rejected'];

export interface ReviewCounts {
  pending: number;
  accepted: number;
  rejected: number;
  failed: number;
  total: number;
}

/** Token counts (camelCase on the wire; the store's columns are snake_case, mapped in reviewViews). */
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

export type ReviewKeyCommand = 'accept' | 'reject' | 'setPending' | 'edit' | 'next' | 'previous' | 'undo';
export const REVIEW_KEY_COMMANDS: readonly ReviewKeyCommand[] = ['accept', 'reject', 'setPending', 'edit', 'next', 'previous', 'undo'];

/**
 * What the webview did with a review key command. Only the webview knows, at the moment the command arrives, whether
 * the user is typing, so it decides: `ran` (it acted on its record), `typing` (a text field has focus, or had it so
 * recently that the host has not yet confirmed the keys are back on: the key was typed into it), `form` (the edit
 * form or the layout dialog is open), `busy` (the previous review action is still being stored).
 */
export type ReviewKeyOutcome = 'ran' | 'typing' | 'form' | 'busy';
export const REVIEW_KEY_OUTCOMES: readonly ReviewKeyOutcome[] = ['ran', 'typing', 'form', 'busy'];

export type ReviewMethods = {
  jobs: RpcMethod<Record<string, never>, ReviewJobOption[]>;
  openJob: RpcMethod<{ jobId: number }, ReviewJobView>;
  counts: RpcMethod<{ jobId: number }, ReviewCounts>;
  page: RpcMethod<ReviewPosition & { limit: number }, ReviewPage>;
  record: RpcMethod<ReviewPosition, ReviewRecordAt>;
  /** Sets the status of records of the job; with `then`, answers with the record at that position afterwards. */
  setStatus: RpcMethod<{ jobId: number; ids: number[]; status: ReviewDecision; then?: ReviewPosition }, { changed: number; counts: ReviewCounts; next?: ReviewRecordAt }>;
  /** Replaces block output fields of a record; the original is kept. */
  edit: RpcMethod<{ jobId: number; recordId: number; fields: JsonObject }, { record: ReviewRecord; counts: ReviewCounts }>;
  /** Reverts the job's last review action (status change or edit) not yet undone. */
  undo: RpcMethod<{ jobId: number }, { undone: { kind: 'status' | 'edit'; recordIds: number[] } | null; counts: ReviewCounts }>;
  charts: RpcMethod<{ jobId: number }, ReviewChart[]>;
  setLayout: RpcMethod<{ jobId: number; layout: ReviewFieldLayout }, ReviewFieldLayout>;
  /** Save dialog, then the JSONL file of the job's records in `status`; null when the dialog was cancelled. */
  exportJsonl: RpcMethod<{ jobId: number; status: ReviewFilter }, { count: number; path: string } | null>;
  /** Modal confirmation, then the job and its records are deleted; `deleted` false when the user said no. */
  deleteAll: RpcMethod<{ jobId: number }, { deleted: boolean; records: number }>;
  /** Opens VS Code's diff of the record's original and edited outputs. */
  openDiff: RpcMethod<{ recordId: number }, void>;
  /** Opens the job's pipeline on the canvas with the block selected, and its template in the text editor beside. */
  goToSource: RpcMethod<{ jobId: number; blockId: string }, void>;
  /**
   * The review keys must be off (a text field has focus, or the edit form or layout dialog is open) or may act again.
   * The host sets the `datagenflow.reviewInputFocused` context key and answers once it is set: a key pressed after
   * the answer can no longer run a review command against the new state.
   */
  keysOff: RpcMethod<{ off: boolean }, void>;
  /** The webview's answer to a `command` event: what it did with the key. */
  commandOutcome: RpcMethod<{ id: number; outcome: ReviewKeyOutcome }, void>;
};

export type ReviewEvents = {
  /**
   * A keybinding (or the palette) ran one of the review commands while the panel was active. The webview decides
   * whether it acts (never while the user types) and answers with `commandOutcome` for this id.
   */
  command: { id: number; command: ReviewKeyCommand };
  /** Show this job (the panel was opened on it). */
  showJob: { jobId: number };
  /** The job's counts or summary changed (it runs, or something else wrote the database). */
  jobChanged: { jobId: number; job: ReviewJobSummary | null; counts: ReviewCounts };
  /** The list of jobs changed (a job was created or deleted). */
  jobsChanged: { jobs: ReviewJobOption[] };
};

/** What the webview keeps in setState: view state only. */
export interface ReviewViewState {
  jobId?: number;
  status: ReviewFilter;
  offset: number;
  view: 'single' | 'list';
  pageSize: number;
}

/** What the host puts into the page at load. */
export interface ReviewBoot {
  jobId?: number;
}
