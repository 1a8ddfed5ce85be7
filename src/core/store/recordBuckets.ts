import type { Database, SqlValue } from 'sql.js';
import { eachRow, num, oneRow, runOne, str } from './sqlRows';
import { ID_BUCKET_SHIFT, UNIT_BUCKET_SHIFT } from './schema';
import type { RecordOrder, RecordStatus, StatusCounts } from './storeTypes';

/*
 * Per-status record counts of a job by bucket of each page order (schema v4's record_buckets), kept by every op
 * that adds, removes or moves a record between statuses. They answer the status counts and turn a page at offset
 * k into a bucket found by a running sum over a few thousand rows plus an offset of at most one bucket.
 */

const BUMP = `INSERT INTO record_buckets (job_id, ord, status, bucket, n) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (job_id, ord, status, bucket) DO UPDATE SET n = n + excluded.n`;

/** Counts a record in (delta 1) or out of (delta -1) its status. */
export function bumpBuckets(db: Database, jobId: number, status: string, seedIndex: number, id: number, delta: number): void {
  runOne(db, BUMP, [jobId, 0, status, seedIndex >> UNIT_BUCKET_SHIFT, delta]);
  runOne(db, BUMP, [jobId, 1, status, Math.floor(id / 2 ** ID_BUCKET_SHIFT), delta]);
}

/** Moves a record from one status to another in the counts. */
export function moveBuckets(db: Database, jobId: number, seedIndex: number, id: number, from: string, to: string): void {
  if (from === to) return;
  bumpBuckets(db, jobId, from, seedIndex, id, -1);
  bumpBuckets(db, jobId, to, seedIndex, id, 1);
}

export function bucketCounts(db: Database, jobId: number): StatusCounts {
  const counts: StatusCounts = { pending: 0, accepted: 0, rejected: 0, failed: 0, total: 0 };
  eachRow(db, 'SELECT status, SUM(n) AS n FROM record_buckets WHERE job_id = ? AND ord = 1 GROUP BY status', [jobId], (row) => {
    const n = num(row.n);
    counts[str(row.status) as RecordStatus] = n;
    counts.total += n;
  });
  return counts;
}

/**
 * Where the record at `offset` of the order (forward direction) starts: a condition on the order's key that skips
 * every bucket before its bucket, and the offset left within it. Undefined when offset is past the end.
 */
export function bucketStart(db: Database, jobId: number, order: RecordOrder, status: RecordStatus | undefined, offset: number): { sql: string; params: SqlValue[]; offset: number } | undefined {
  const ord = order === 'unit' ? 0 : 1;
  const direction = order === 'unit' ? 'ASC' : 'DESC';
  const params: SqlValue[] = [jobId, ord];
  const statusSql = status === undefined ? '' : 'AND status = ?';
  if (status !== undefined) params.push(status);
  const row = oneRow(
    db,
    `SELECT bucket, upto - n AS before FROM (
       SELECT bucket, n, SUM(n) OVER (ORDER BY bucket ${direction} ROWS UNBOUNDED PRECEDING) AS upto
       FROM (SELECT bucket, SUM(n) AS n FROM record_buckets WHERE job_id = ? AND ord = ? ${statusSql} GROUP BY bucket)
     ) WHERE upto > ? ORDER BY bucket ${direction} LIMIT 1`,
    [...params, offset],
  );
  if (!row) return undefined;
  const bucket = num(row.bucket);
  const rest = offset - num(row.before);
  if (order === 'unit') return { sql: 'seed_index >= ?', params: [bucket * 2 ** UNIT_BUCKET_SHIFT], offset: rest };
  return { sql: 'id < ?', params: [(bucket + 1) * 2 ** ID_BUCKET_SHIFT], offset: rest };
}
