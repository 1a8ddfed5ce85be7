import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Database, SqlValue } from 'sql.js';
import { CancelledError, DgfError } from '../errors';
import { blockOutputs } from '../records/blockOutputs';
import { checkExportTarget, type ExportOverwrite } from './exportTarget';
import { getJobRow } from './jobQueries';
import type { PayloadStore } from './payload/payloadStore';
import { rowPayloads } from './payload/rowPayload';
import type { RecordPayload } from './payload/recordPayload';
import { ExportError, StoreNotFoundError } from './storeErrors';
import type { Row } from './sqlRows';
import type { JsonObject, RecordStatus } from './storeTypes';

export interface ExportOptions {
  jobId: number;
  /** Absent: every record except failed executions (they have no output); `failed` exports those, with their error. */
  status?: RecordStatus;
  outPath: string;
  /** Rows read per query; memory use is bounded by one batch. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Records written so far, after each batch. */
  onProgress?: (written: number) => void;
  /** Database files (the one read, the workspace's): they, their journals and locks are never the target (ExportTargetError). */
  databases?: readonly string[];
  /** What may be replaced at outPath; default 'previous-export' (see checkExportTarget). */
  overwrite?: ExportOverwrite;
}

export interface ExportResult {
  count: number;
  path: string;
}

/** A database, or anything holding one (WorkspaceStore, an OpLog) with the segment files of its record payloads. */
export type ExportSource = Database | { readonly db: Database; readonly payloads?: PayloadStore };

/**
 * Writes a job's records as JSONL, one object per line, newline-terminated, in unit order (seed, then repetition
 * or chunk: the same file whatever the concurrency of the run). Rows are read in keyset batches and written with
 * awaited writes, so memory stays constant at any job size. The file is written beside the target and renamed
 * into place once complete; on any failure the temporary file is removed and the target is left untouched.
 * The target is checked first (checkExportTarget): never the database, and an existing file only when it is an
 * earlier export, unless `overwrite: 'any'`.
 */
export async function exportJsonl(source: ExportSource, options: ExportOptions): Promise<ExportResult> {
  const db = databaseOf(source);
  const payloads = db === source ? undefined : (source as { payloads?: PayloadStore }).payloads;
  if (!getJobRow(db, options.jobId)) throw new StoreNotFoundError('job', options.jobId);
  await checkExportTarget(options.outPath, { databases: options.databases, overwrite: options.overwrite ?? 'previous-export' });
  const tmp = temporaryPath(options.outPath);
  const batchSize = Math.max(1, Math.trunc(options.batchSize ?? 1000));
  let file: FileHandle | undefined;
  let count = 0;
  try {
    await mkdir(dirname(options.outPath), { recursive: true });
    file = await open(tmp, 'w');
    let after: ExportRow | undefined;
    for (;;) {
      if (options.signal?.aborted) throw new CancelledError(`Export of job ${options.jobId} cancelled`);
      const rows = readBatch(db, options, after, batchSize);
      if (rows.length === 0) break;
      const stored = rowPayloads(rows.map((row) => payloadColumns(row, options.jobId)), payloads);
      await file.write(rows.map((row, i) => exportLine(row, stored[i])).join(''), null, 'utf8');
      count += rows.length;
      after = rows[rows.length - 1];
      options.onProgress?.(count);
      if (rows.length < batchSize) break;
    }
    await file.sync();
    await file.close();
    file = undefined;
    await rename(tmp, options.outPath);
    return { count, path: options.outPath };
  } catch (e) {
    await file?.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw exportFailure(options.jobId, options.outPath, e);
  }
}

/** The temporary path an export writes beside `target` (same folder: the rename into place is atomic). */
export function temporaryPath(target: string): string {
  return `${target}.tmp-${process.pid}`;
}

/** What an export that failed throws: a typed error as it is, anything else (file system) as an ExportError. */
export function exportFailure(jobId: number, outPath: string, error: unknown): DgfError {
  if (error instanceof DgfError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ExportError(`Export of job ${jobId} to ${outPath} failed: ${reason}. Nothing was written there; check the folder exists and is writable, then export again.`, { cause: error });
}

/** Columns of a batch row, read as arrays: getAsObject would rebuild the column names for every row. */
type ExportRow = [
  id: number,
  seedIndex: number,
  unitIndex: number,
  status: string,
  output: string | null,
  metadata: string,
  error: string | null,
  createdAt: string,
  updatedAt: string,
  payloadSeg: number | null,
  payloadOff: number | null,
  payloadLen: number | null,
];

function readBatch(db: Database, options: ExportOptions, after: ExportRow | undefined, limit: number): ExportRow[] {
  const params: SqlValue[] = [options.jobId];
  let where = 'job_id = ?';
  if (options.status === undefined) where += " AND status != 'failed'";
  else {
    where += ' AND status = ?';
    params.push(options.status);
  }
  if (after) {
    where += ' AND (seed_index, unit_index, id) > (?, ?, ?)';
    params.push(after[1], after[2], after[0]);
  }
  const stmt = db.prepare(
    `SELECT id, seed_index, unit_index, status, output, metadata, error, created_at, updated_at, payload_seg, payload_off, payload_len FROM records
     WHERE ${where} ORDER BY seed_index, unit_index, id LIMIT ?`,
  );
  const rows: ExportRow[] = [];
  try {
    stmt.bind([...params, limit]);
    while (stmt.step()) rows.push(stmt.get() as ExportRow);
  } finally {
    stmt.free();
  }
  return rows;
}

/** The columns rowPayloads reads, of a batch row (the trace and the original output are not exported). */
function payloadColumns(row: ExportRow, jobId: number): Row {
  return { job_id: jobId, output: row[4], metadata: row[5], payload_seg: row[9], payload_off: row[10], payload_len: row[11] };
}

function exportLine(row: ExportRow, payload: RecordPayload): string {
  const [id, , , status, , , error, createdAt, updatedAt] = row;
  const { output: outputText, metadata: metadataText } = payload;
  if (payload.blockOnly === true && status !== 'failed' && outputText !== null) return verbatimLine(id, metadataText, status, outputText, createdAt, updatedAt);
  const metadata = JSON.parse(metadataText) as JsonObject;
  // The column as stored (outputCodec may have left metadata keys out): blockOutputs drops those keys anyway and
  // keeps the others in the same order, so the line is the one the whole output gives.
  const output = outputText === null ? null : (JSON.parse(outputText) as JsonObject);
  const state = output ? blockOutputs(output, metadata) : null;
  if (status !== 'failed' && output !== null && outputText !== null && Object.keys(state ?? {}).length === Object.keys(output).length) {
    return verbatimLine(id, metadataText, status, outputText, createdAt, updatedAt);
  }
  const line: JsonObject = {
    id,
    metadata,
    status,
    accumulated_state: state,
    created_at: createdAt,
    updated_at: updatedAt,
  };
  if (status === 'failed') line.error = error ?? '';
  return `${JSON.stringify(line)}\n`;
}

/**
 * The line of a record whose stored output holds block outputs only: the stored texts (JSON.stringify's own output)
 * are the line's values as they are, which spares parsing and stringifying a few KB per record. Same keys, same
 * order as the object exportLine builds otherwise.
 */
function verbatimLine(id: number, metadataText: string, status: string, outputText: string, createdAt: string, updatedAt: string): string {
  return `{"id":${id},"metadata":${metadataText},"status":${JSON.stringify(status)},"accumulated_state":${outputText},"created_at":${JSON.stringify(createdAt)},"updated_at":${JSON.stringify(updatedAt)}}\n`;
}

function databaseOf(source: ExportSource): Database {
  // sql.js's Database has a numeric `db` field (the WASM handle); holders have the Database object there.
  const inner: unknown = (source as { db?: unknown }).db;
  return typeof inner === 'object' && inner !== null ? (inner as Database) : (source as Database);
}
