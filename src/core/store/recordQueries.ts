import type { Database, SqlValue } from 'sql.js';
import { allRows, eachValue, json, num, oneRow, type Row, str, strOrNull } from './sqlRows';
import type { Direction, JsonObject, PageQuery, RecordDetail, RecordFilter, RecordOrder, RecordStatus, RecordSummary, ReviewTarget, StatusCounts } from './storeTypes';
import { readOutputColumn } from './outputCodec';
import { bucketCounts, bucketStart } from './recordBuckets';
import { PAYLOAD_COLUMNS, rowPayload, rowPayloads, type PayloadReader } from './payload/rowPayload';
import type { RecordPayload } from './payload/recordPayload';
import { decodeTrace } from './traceCodec';

/*
 * Every query here reads a bounded number of rows through an index: at 100k records a page, a count or a neighbor
 * never brings the job into JavaScript. Offsets are resolved inside an index-only subquery (skipping index entries
 * is cheap; skipping rows with 2 KB outputs is not), and cursors (`after`, neighbors) are keyset comparisons.
 */

const SUMMARY_COLUMNS = `id, unit_key, seed_index, status, edited, error, created_at, updated_at, ${PAYLOAD_COLUMNS}`;

/** Offsets up to this are skipped in the index directly; deeper ones start from their bucket (recordBuckets). */
const DIRECT_OFFSET = 2000;

/** Sort key of each order, ascending = the order's "next" direction. */
const ORDER: Record<RecordOrder, { key: string; forward: string; backward: string }> = {
  newest: { key: 'id', forward: 'id DESC', backward: 'id ASC' },
  unit: { key: '(seed_index, unit_index, id)', forward: 'seed_index, unit_index, id', backward: 'seed_index DESC, unit_index DESC, id DESC' },
};

export const MAX_PAGE_SIZE = 1000;

export function statusCounts(db: Database, jobId: number): StatusCounts {
  return bucketCounts(db, jobId);
}

/** One page of a job's records in the filter's order, without traces. */
export function pageRecords(db: Database, payloads: PayloadReader | undefined, jobId: number, query: PageQuery): RecordSummary[] {
  const limit = Math.min(Math.max(0, Math.trunc(query.limit)), MAX_PAGE_SIZE);
  let offset = Math.max(0, Math.trunc(query.offset));
  if (limit === 0) return [];
  const where = filterClause(jobId, query);
  if (query.after !== undefined) {
    const cursor = cursorClause(db, query.order, query.after, 'next');
    if (!cursor) return [];
    where.sql += ` AND ${cursor.sql}`;
    where.params.push(...cursor.params);
  } else if (offset > DIRECT_OFFSET) {
    const start = bucketStart(db, jobId, query.order, query.status, offset);
    if (!start) return [];
    where.sql += ` AND ${start.sql}`;
    where.params.push(...start.params);
    offset = start.offset;
  }
  const order = ORDER[query.order].forward;
  const sql = `SELECT ${SUMMARY_COLUMNS} FROM records WHERE id IN (SELECT id FROM records WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?) ORDER BY ${order}`;
  const rows = allRows(db, sql, [...where.params, limit, offset]);
  const stored = rowPayloads(rows, payloads);
  return rows.map((row, i) => toSummary(row, stored[i]));
}

/** The record after (or before) `recordId` in the filter's order; works even when that record left the filter. */
export function neighbor(db: Database, recordId: number, filter: RecordFilter, direction: Direction): number | undefined {
  const jobId = oneRow(db, 'SELECT job_id FROM records WHERE id = ?', [recordId])?.job_id;
  if (jobId === undefined) return undefined;
  const where = filterClause(num(jobId), filter);
  const cursor = cursorClause(db, filter.order, recordId, direction);
  if (!cursor) return undefined;
  const order = direction === 'next' ? ORDER[filter.order].forward : ORDER[filter.order].backward;
  const row = oneRow(db, `SELECT id FROM records WHERE ${where.sql} AND ${cursor.sql} ORDER BY ${order} LIMIT 1`, [...where.params, ...cursor.params]);
  return row ? num(row.id) : undefined;
}

export function getRecord(db: Database, payloads: PayloadReader | undefined, id: number): RecordDetail | undefined {
  const row = oneRow(db, `SELECT ${SUMMARY_COLUMNS}, input_tokens, output_tokens, cached_tokens, duration_ms FROM records WHERE id = ?`, [id]);
  if (!row) return undefined;
  const payload = rowPayload(row, payloads);
  const summary = toSummary(row, payload);
  const originalOutput = readOutputColumn(payload.original, payload.metadata);
  return {
    ...summary,
    originalOutput,
    // The trace was encoded against the output as generated: the original once the record is edited.
    trace: decodeTrace(payload.trace, originalOutput ?? summary.output),
    usage: { input_tokens: num(row.input_tokens), output_tokens: num(row.output_tokens), cached_tokens: num(row.cached_tokens) },
    durationMs: num(row.duration_ms),
  };
}

/** Unit keys of a job's records: `succeeded` (any review status) for resume, `failed` for retry. */
export function unitKeys(db: Database, jobId: number, which: 'succeeded' | 'failed'): Set<string> {
  const failed = new Set<string>();
  eachValue(db, "SELECT unit_key FROM records WHERE job_id = ? AND status = 'failed'", [jobId], (key) => failed.add(str(key)));
  if (which === 'failed') return failed;
  // All keys come from the (job_id, unit_key) index alone; filtering status in SQL would read every row.
  const done = new Set<string>();
  eachValue(db, 'SELECT unit_key FROM records WHERE job_id = ?', [jobId], (value) => {
    const key = str(value);
    if (!failed.has(key)) done.add(key);
  });
  return done;
}

/** Status of the record a job holds for a unit key, if any. */
export function unitKeyStatus(db: Database, jobId: number, key: string): RecordStatus | undefined {
  const row = oneRow(db, 'SELECT status FROM records WHERE job_id = ? AND unit_key = ?', [jobId, key]);
  return row ? (str(row.status) as RecordStatus) : undefined;
}

/** Job and status of each record, for review checks. Ids missing from the result do not exist. */
export function reviewTargets(db: Database, ids: readonly number[]): Map<number, ReviewTarget> {
  const found = new Map<number, ReviewTarget>();
  const stmt = db.prepare('SELECT job_id, status FROM records WHERE id = ?');
  try {
    for (const id of ids) {
      stmt.bind([id]);
      if (stmt.step()) {
        const row = stmt.getAsObject();
        found.set(id, { jobId: num(row.job_id), status: str(row.status) as RecordStatus });
      }
      stmt.reset();
    }
  } finally {
    stmt.free();
  }
  return found;
}

/** A record's accumulated state and seed metadata (what an edit starts from), with its payload as stored. */
export function recordState(
  db: Database,
  payloads: PayloadReader | undefined,
  id: number,
): { output: JsonObject | null; metadata: JsonObject; payload: RecordPayload; jobId: number; inline: boolean } | undefined {
  const row = oneRow(db, `SELECT ${PAYLOAD_COLUMNS} FROM records WHERE id = ?`, [id]);
  if (!row) return undefined;
  const payload = rowPayload(row, payloads);
  return { output: readOutputColumn(payload.output, payload.metadata), metadata: json<JsonObject>(payload.metadata) ?? {}, payload, jobId: num(row.job_id), inline: row.payload_seg === null };
}

function filterClause(jobId: number, filter: RecordFilter): { sql: string; params: SqlValue[] } {
  return filter.status === undefined ? { sql: 'job_id = ?', params: [jobId] } : { sql: 'job_id = ? AND status = ?', params: [jobId, filter.status] };
}

/** Rows strictly after (`next`) or before (`previous`) the record in the order; undefined if the record is gone. */
function cursorClause(db: Database, order: RecordOrder, recordId: number, direction: Direction): { sql: string; params: SqlValue[] } | undefined {
  if (order === 'newest') return { sql: direction === 'next' ? 'id < ?' : 'id > ?', params: [recordId] };
  const at = oneRow(db, 'SELECT seed_index, unit_index FROM records WHERE id = ?', [recordId]);
  if (!at) return undefined;
  return { sql: `${ORDER.unit.key} ${direction === 'next' ? '>' : '<'} (?, ?, ?)`, params: [num(at.seed_index), num(at.unit_index), recordId] };
}

function toSummary(row: Row, payload: RecordPayload): RecordSummary {
  return {
    id: num(row.id),
    jobId: num(row.job_id),
    unitKey: str(row.unit_key),
    seedIndex: num(row.seed_index),
    status: str(row.status) as RecordStatus,
    edited: num(row.edited) === 1,
    output: readOutputColumn(payload.output, payload.metadata),
    metadata: json<JsonObject>(payload.metadata) ?? {},
    error: strOrNull(row.error),
    createdAt: str(row.created_at),
    updatedAt: str(row.updated_at),
  };
}
