import type { TokenUsage } from '../llm/llmTypes';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { TraceEntry } from '../records/unitResult';

export type JsonObject = Record<string, unknown>;

export const JOB_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'stopped', 'interrupted'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** `failed` is an execution outcome, not a review decision: review moves records between the other three. */
export const RECORD_STATUSES = ['pending', 'accepted', 'rejected', 'failed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export type ReviewStatus = Exclude<RecordStatus, 'failed'>;

/** How a run ended, as the store records it (the runner's RunSummary fits): the totals are the job's, earlier runs included. */
export interface FinishedRun {
  status: Exclude<JobStatus, 'running' | 'interrupted'>;
  /** Why it stopped or failed. */
  reason?: string;
  elapsedMs: number;
  usage: TokenUsage;
  /** Units counted; 0 when the run failed before counting them (the stored total is kept). */
  total: number;
}

/** What the caller knows when a job starts. Model settings must not hold credentials (checked). */
export interface NewJob {
  pipelinePath: string;
  pipelineName: string;
  pipelineSnapshot: PipelineFile;
  pipelineHash: string;
  seedsPath: string | null;
  seedsHash: string | null;
  modelSettings: JsonObject;
  /** Units expected, when known up front (not for multiplier pipelines: finishJob sets it). */
  total?: number;
  metadata?: JsonObject;
}

/** A job as the Jobs tree and `datagenflow jobs` show it: no pipeline snapshot (it can be large). */
export interface JobRow {
  id: number;
  pipelinePath: string;
  pipelineName: string;
  pipelineHash: string;
  seedsPath: string | null;
  seedsHash: string | null;
  modelSettings: JsonObject;
  status: JobStatus;
  total: number;
  /** Records that succeeded (any review status); generated + failed = total once the job completed. */
  generated: number;
  failed: number;
  usage: TokenUsage;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdAt: string;
  /** Time spent running, over every run of the job (a run killed counts up to its last record or heartbeat). */
  elapsedMs: number | null;
  metadata: JsonObject;
}

/** The job's current (or last) run. */
export interface JobRun {
  /** ISO 8601; null for jobs stored before runs were recorded. */
  startedAt: string | null;
  /** The run's last sign of life (a record or a heartbeat), ISO 8601. */
  activeAt: string | null;
  /** The process running it. */
  runner?: { pid: number; hostname: string };
}

export interface JobDetail extends JobRow {
  pipelineSnapshot: PipelineFile;
}

/** One record as a page shows it: no trace (read one at a time with getRecord). */
export interface RecordSummary {
  id: number;
  jobId: number;
  unitKey: string;
  seedIndex: number;
  status: RecordStatus;
  edited: boolean;
  /** Accumulated state (edited values when edited); null for failed executions. */
  output: JsonObject | null;
  metadata: JsonObject;
  error: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecordDetail extends RecordSummary {
  /** The output as generated, kept from the first edit on; null while never edited. */
  originalOutput: JsonObject | null;
  trace: TraceEntry[];
  usage: TokenUsage;
  durationMs: number;
}

export interface StatusCounts {
  pending: number;
  accepted: number;
  rejected: number;
  failed: number;
  total: number;
}

/** `newest`: most recently stored first. `unit`: seed order, then repetition or chunk (stable across runs). */
export type RecordOrder = 'newest' | 'unit';

export interface RecordFilter {
  /** Absent: every record, failed executions included. */
  status?: RecordStatus;
  order: RecordOrder;
}

export interface PageQuery extends RecordFilter {
  offset: number;
  limit: number;
  /** Keyset cursor: start after this record (in the filter's order); `offset` then counts from it. */
  after?: number;
}

export type Direction = 'next' | 'previous';

export interface FieldLayout {
  primary: string[];
  secondary: string[];
  hidden: string[];
}

export type ReviewActionKind = 'status' | 'edit';

export interface UndoneAction {
  actionId: number;
  kind: ReviewActionKind;
  jobId: number;
  recordIds: number[];
}

/** What review checks before changing a record. */
export interface ReviewTarget {
  jobId: number;
  status: RecordStatus;
}
