import type { Database } from 'sql.js';
import type { TokenUsage } from '../llm/llmTypes';
import type { UnitResult } from '../run/runTypes';
import type { ApplyOp } from './opLog';
import { applyRecordAdd } from './recordAdd';
import { applyRecordEdit, applyRecordStatus, applyUndo } from './reviewActions';
import { json, oneRow, runOne } from './sqlRows';
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
export type RecordAddOp = { t: 'record.add'; id: number; jobId: number; createdAt: string; result: UnitResult; replaces?: string };

/** Review decision on records of one job; `actionId` names the undo entry. Failed executions are left alone. */
export type RecordStatusOp = { t: 'record.status'; jobId: number; ids: number[]; status: ReviewStatus; updatedAt: string; actionId: number };

/** Replaces a record's accumulated state (the whole new state, computed by the store before committing). */
export type RecordEditOp = { t: 'record.edit'; id: number; output: JsonObject; updatedAt: string; actionId: number };

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
  | ActionUndoOp
  | JobDeleteOp
  | LayoutSetOp
  | JobMetadataOp;

export const applyStoreOp: ApplyOp<StoreOperation> = (db, op) => {
  switch (op.t) {
    case 'job.create':
      return applyJobCreate(db, op);
    case 'job.status':
      return applyJobStatus(db, op);
    case 'job.heartbeat':
      runOne(db, "UPDATE jobs SET run_active_at = max(COALESCE(run_active_at, ?), ?) WHERE id = ? AND status = 'running'", [op.at, op.at, op.id]);
      return;
    case 'record.add':
      return applyRecordAdd(db, op);
    case 'record.status':
      return applyRecordStatus(db, op);
    case 'record.edit':
      return applyRecordEdit(db, op);
    case 'action.undo':
      return applyUndo(db, op);
    case 'job.delete':
      return applyJobDelete(db, op);
    case 'layout.set':
      runOne(db, 'INSERT OR REPLACE INTO field_layouts (pipeline_key, layout) VALUES (?, ?)', [op.pipelineKey, JSON.stringify(op.layout)]);
      return;
    case 'job.metadata':
      return applyJobMetadata(db, op);
    default:
      // An op type from a newer version in an old journal: skipping it beats refusing to open the database.
      return;
  }
};

function applyJobCreate(db: Database, op: JobCreateOp): void {
  const j = op.job;
  runOne(
    db,
    `INSERT OR IGNORE INTO jobs (id, pipeline_path, pipeline_name, pipeline_snapshot, pipeline_hash, seeds_path, seeds_hash,
       model_settings, status, total, started_at, created_at, metadata, run_started_at, run_active_at, runner_pid, runner_host)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      op.id,
      j.pipelinePath,
      j.pipelineName,
      JSON.stringify(j.pipelineSnapshot),
      j.pipelineHash,
      j.seedsPath,
      j.seedsHash,
      JSON.stringify(j.modelSettings),
      j.total ?? 0,
      op.createdAt,
      op.createdAt,
      JSON.stringify(j.metadata ?? {}),
      op.runner ? op.createdAt : null,
      op.runner ? op.createdAt : null,
      op.runner?.pid ?? null,
      op.runner?.hostname ?? null,
    ],
  );
}

function applyJobStatus(db: Database, op: JobStatusOp): void {
  if (op.status === 'running' && op.runner && op.at) {
    runOne(db, 'UPDATE jobs SET run_started_at = ?, run_active_at = ?, runner_pid = ?, runner_host = ? WHERE id = ?', [op.at, op.at, op.runner.pid, op.runner.hostname, op.id]);
  }
  runOne(
    db,
    `UPDATE jobs SET status = ?, error = ?, finished_at = ?, elapsed_ms = COALESCE(?, elapsed_ms), total = COALESCE(?, total),
       input_tokens = COALESCE(?, input_tokens), output_tokens = COALESCE(?, output_tokens), cached_tokens = COALESCE(?, cached_tokens)
     WHERE id = ?`,
    [
      op.status,
      op.error,
      op.finishedAt,
      op.elapsedMs ?? null,
      op.total ?? null,
      op.usage?.input_tokens ?? null,
      op.usage?.output_tokens ?? null,
      op.usage?.cached_tokens ?? null,
      op.id,
    ],
  );
}

function applyJobMetadata(db: Database, op: JobMetadataOp): void {
  const row = oneRow(db, 'SELECT metadata FROM jobs WHERE id = ?', [op.id]);
  if (!row) return; // the job was deleted since: nothing to merge into
  const current = json<JsonObject>(row.metadata) ?? {};
  runOne(db, 'UPDATE jobs SET metadata = ? WHERE id = ?', [JSON.stringify({ ...current, ...op.patch }), op.id]);
}

function applyJobDelete(db: Database, op: JobDeleteOp): void {
  runOne(db, 'DELETE FROM records WHERE job_id = ?', [op.id]);
  runOne(db, 'DELETE FROM review_actions WHERE job_id = ?', [op.id]);
  runOne(db, 'DELETE FROM jobs WHERE id = ?', [op.id]);
}
