import type { TokenUsage } from '../llm/llmTypes';
import type { UnitResult } from '../records/unitResult';
import type { PayloadPointer } from './payload/payloadStore';
import type { FieldLayout, JobStatus, JsonObject, NewJob, ReviewStatus } from './storeTypes';

/*
 * Every change to the workspace database is one of these operations: plain JSON, journaled before it is applied.
 * Ids and timestamps travel in the op, so replaying the journal after a crash rebuilds exactly the same rows.
 * Apply never throws on a well-formed op: an op that no longer fits the data (record of a deleted job, undo of an
 * action already undone) is a no-op, because a journaled op that threw would make the database unopenable.
 */

/** The process running a job: a reader that finds it gone shows the job as `interrupted`. */
export interface RunnerInfo {
  pid: number;
  hostname: string;
}

/** `runner`: the process that starts the job (its first run begins at `createdAt`); absent in older journals. */
export type JobCreateOp = { t: 'job.create'; id: number; job: NewJob; createdAt: string; runner?: RunnerInfo };

/**
 * Status change of a job. `usage`, `elapsedMs` and `total` are the job's totals so far (RunSummary's). Back to
 * `running` (a resume) with `runner` and `at`: a new run starts then, in that process.
 */
export type JobStatusOp = {
  t: 'job.status';
  id: number;
  status: JobStatus;
  error: string | null;
  finishedAt: string | null;
  elapsedMs?: number;
  usage?: TokenUsage;
  total?: number;
  runner?: RunnerInfo;
  at?: string;
};

/** A running job's sign of life while no record lands (long units): its elapsed time counts up to `at`. */
export type JobHeartbeatOp = { t: 'job.heartbeat'; id: number; at: string };

/**
 * A finished unit. Ignored when the job already holds a succeeded record with that key (resume safety); replaces
 * a failed record with that key (retry), and the failed whole-seed record named by `replaces` (a multiplier that
 * failed before and now produced chunks).
 */
export type RecordAddOp = { t: 'record.add'; id: number; jobId: number; createdAt: string; result: StoredResult; replaces?: string; payload?: PayloadPointer };

/**
 * A unit's result as a record.add op carries it. With `payload` (a store with segment files) the bulky parts
 * (metadata, output, trace) are in the segment and left out here; without (in-memory stores, journals written
 * before v4) they travel inline and are stored in the row.
 */
export type StoredResult = Omit<UnitResult, 'metadata' | 'output' | 'trace'> & Partial<Pick<UnitResult, 'metadata' | 'output' | 'trace'>>;

/** Review decision on records of one job; `actionId` names the undo entry. Failed executions are left alone. */
export type RecordStatusOp = { t: 'record.status'; jobId: number; ids: number[]; status: ReviewStatus; updatedAt: string; actionId: number };

/**
 * Replaces a record's accumulated state (the whole new state, computed by the store before committing): `payload`
 * points at the new payload (segment stores), `output` carries it inline (in-memory stores, older journals).
 */
export type RecordEditOp = { t: 'record.edit'; id: number; output?: JsonObject; payload?: PayloadPointer; updatedAt: string; actionId: number };

/**
 * Inline payloads moved to segment files: each `moves` entry points a row still holding its payload inline at the
 * copy (and empties its payload columns); each `actions` entry replaces the `before` of an edit action not undone
 * yet by the pointer form (the state it restores, copied to a segment too).
 */
export type RecordRelocateOp = { t: 'record.relocate'; moves: [id: number, ...pointer: PayloadPointer][]; actions: [actionId: number, before: string][] };

/** Restores what the action changed, exactly as it was (statuses, outputs, edited flags, updated_at). */
export type ActionUndoOp = { t: 'action.undo'; actionId: number };

/** Deletes the job with its records and review actions (one transaction, like every commit). */
export type JobDeleteOp = { t: 'job.delete'; id: number };

export type LayoutSetOp = { t: 'layout.set'; pipelineKey: string; layout: FieldLayout };

/**
 * Shallow merge into the job's metadata (each top-level key of `patch` replaces the stored one). Merged at apply
 * time, not by the caller, so patches committed back to back all land, in journal order.
 */
export type JobMetadataOp = { t: 'job.metadata'; id: number; patch: JsonObject };

export type StoreOperation =
  | JobCreateOp
  | JobStatusOp
  | JobHeartbeatOp
  | RecordAddOp
  | RecordStatusOp
  | RecordEditOp
  | RecordRelocateOp
  | ActionUndoOp
  | JobDeleteOp
  | LayoutSetOp
  | JobMetadataOp;
