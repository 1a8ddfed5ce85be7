import type { Database } from 'sql.js';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { allRows, json, num, oneRow, type Row, str, strOrNull } from './sqlRows';
import type { JobDetail, JobRow, JobRun, JobStatus, JsonObject } from './storeTypes';

// Totals are columns kept current by record.add, so listing jobs never touches the records table.
const JOB_COLUMNS = `id, pipeline_path, pipeline_name, pipeline_hash, seeds_path, seeds_hash, model_settings, status, total, generated,
  failed, input_tokens, output_tokens, cached_tokens, error, started_at, finished_at, created_at, elapsed_ms, metadata,
  run_started_at, run_active_at, runner_pid, runner_host`;

/** A job as stored, with its current (or last) run: what tells whether a `running` job still runs. */
export interface StoredJob<J extends JobRow = JobRow> {
  job: J;
  run: JobRun;
}

/**
 * Every job as stored, newest first, with its totals. Readers want WorkspaceStore.listJobs, which shows a job whose
 * process is gone as `interrupted`.
 */
export function listStoredJobs(db: Database): StoredJob[] {
  return allRows(db, `SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id DESC`).map((row) => ({ job: toJobRow(row), run: toJobRun(row) }));
}

export function getStoredJob(db: Database, id: number): StoredJob | undefined {
  const row = oneRow(db, `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`, [id]);
  return row ? { job: toJobRow(row), run: toJobRun(row) } : undefined;
}

/** The job with the snapshot of the pipeline it ran. */
export function getStoredJobDetail(db: Database, id: number): StoredJob<JobDetail> | undefined {
  const row = oneRow(db, `SELECT ${JOB_COLUMNS}, pipeline_snapshot FROM jobs WHERE id = ?`, [id]);
  if (!row) return undefined;
  return { job: { ...toJobRow(row), pipelineSnapshot: json<PipelineFile>(row.pipeline_snapshot) ?? ({} as PipelineFile) }, run: toJobRun(row) };
}

/** The job as stored (a `running` status may belong to a process that is gone): for existence checks. */
export function getJobRow(db: Database, id: number): JobRow | undefined {
  return getStoredJob(db, id)?.job;
}

/** Next free id of a table: past every id ever used, deleted rows included (AUTOINCREMENT's high-water mark). */
export function maxIdEverUsed(db: Database, table: 'jobs' | 'records' | 'review_actions'): number {
  const seq = oneRow(db, 'SELECT seq FROM sqlite_sequence WHERE name = ?', [table]);
  const max = oneRow(db, `SELECT MAX(id) AS id FROM ${table}`);
  return Math.max(num(seq?.seq), num(max?.id));
}

function toJobRow(row: Row): JobRow {
  return {
    id: num(row.id),
    pipelinePath: str(row.pipeline_path),
    pipelineName: str(row.pipeline_name),
    pipelineHash: str(row.pipeline_hash),
    seedsPath: strOrNull(row.seeds_path),
    seedsHash: strOrNull(row.seeds_hash),
    modelSettings: json<JsonObject>(row.model_settings) ?? {},
    status: str(row.status) as JobStatus,
    total: num(row.total),
    generated: num(row.generated),
    failed: num(row.failed),
    usage: { input_tokens: num(row.input_tokens), output_tokens: num(row.output_tokens), cached_tokens: num(row.cached_tokens) },
    error: strOrNull(row.error),
    startedAt: str(row.started_at),
    finishedAt: strOrNull(row.finished_at),
    createdAt: str(row.created_at),
    elapsedMs: row.elapsed_ms === null || row.elapsed_ms === undefined ? null : num(row.elapsed_ms),
    metadata: json<JsonObject>(row.metadata) ?? {},
  };
}

function toJobRun(row: Row): JobRun {
  const pid = row.runner_pid;
  const host = row.runner_host;
  return {
    startedAt: strOrNull(row.run_started_at ?? null),
    activeAt: strOrNull(row.run_active_at ?? null),
    ...(pid !== null && pid !== undefined && typeof host === 'string' ? { runner: { pid: num(pid), hostname: host } } : {}),
  };
}
