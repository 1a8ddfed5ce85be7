import type { Database } from 'sql.js';
import type { ApplyOp } from './opLog';
import { applyRecordAdd } from './recordAdd';
import { applyRecordEdit, applyRecordStatus, applyRelocate, applyUndo } from './reviewActions';
import { json, oneRow, runOne } from './sqlRows';
import type { JobCreateOp, JobDeleteOp, JobMetadataOp, JobStatusOp, StoreOperation } from './storeOpTypes';
import type { JsonObject } from './storeTypes';

/** Applies one store operation (see storeOpTypes) to the database; never throws on a well-formed op. */
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
    case 'record.relocate':
      return applyRelocate(db, op);
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
  runOne(db, 'DELETE FROM record_buckets WHERE job_id = ?', [op.id]);
  runOne(db, 'DELETE FROM jobs WHERE id = ?', [op.id]);
}
