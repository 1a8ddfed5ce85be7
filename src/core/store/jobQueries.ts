import type { Database } from 'sql.js';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { allRows, json, num, oneRow, type Row, str, strOrNull } from './sqlRows';
import type { JobDetail, JobRow, JobStatus, JsonObject } from './storeTypes';

// Totals are columns kept current by record.add, so listing jobs never touches the records table.
const JOB_COLUMNS = `id, pipeline_path, pipeline_name, pipeline_hash, seeds_path, seeds_hash, model_settings, status, total, generated,
  failed, input_tokens, output_tokens, cached_tokens, error, started_at, finished_at, created_at, elapsed_ms, metadata`;

/** Every job, newest first, with its totals. */
export function listJobs(db: Database): JobRow[] {
  return allRows(db, `SELECT ${JOB_COLUMNS} FROM jobs ORDER BY id DESC`).map(toJobRow);
}

export function getJobRow(db: Database, id: number): JobRow | undefined {
  const row = oneRow(db, `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`, [id]);
  return row ? toJobRow(row) : undefined;
}

/** The job with the snapshot of the pipeline it ran. */
export function getJob(db: Database, id: number): JobDetail | undefined {
  const row = oneRow(db, `SELECT ${JOB_COLUMNS}, pipeline_snapshot FROM jobs WHERE id = ?`, [id]);
  if (!row) return undefined;
  return { ...toJobRow(row), pipelineSnapshot: json<PipelineFile>(row.pipeline_snapshot) ?? ({} as PipelineFile) };
}

export function jobIdsWithStatus(db: Database, status: JobStatus): number[] {
  return allRows(db, 'SELECT id FROM jobs WHERE status = ? ORDER BY id', [status]).map((row) => num(row.id));
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
