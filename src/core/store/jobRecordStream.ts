import type { Database } from 'sql.js';
import { allRows, num } from './sqlRows';
import type { RecordDetail } from './storeTypes';

const JOB_RECORD_BATCH = 500;

/**
 * Every record of a job in unit order (seed, then repetition or chunk), with decoded traces, for job-level work
 * such as uploads. Ids are read in keyset batches through the (job_id, seed_index, unit_index) index, so memory
 * holds one batch of ids and one record at a time whatever the job's size. Each record is read with getRecord, so
 * traces decode exactly as the Review panel shows them (one indexed lookup per record: negligible next to the
 * network call a consumer makes per record).
 *
 * `database` is asked again for every batch because the durable store may replace its database between batches
 * while the consumer awaits. Records added during the walk are seen when they sort after the cursor.
 */
export async function* streamJobRecords(
  database: () => Database,
  getRecord: (id: number) => RecordDetail | undefined,
  jobId: number,
  batchSize = JOB_RECORD_BATCH,
): AsyncGenerator<RecordDetail> {
  const limit = Math.max(1, Math.trunc(batchSize));
  let cursor: [number, number, number] | undefined;
  for (;;) {
    const after = cursor ? 'AND (seed_index, unit_index, id) > (?, ?, ?)' : '';
    const rows = allRows(
      database(),
      `SELECT id, seed_index, unit_index FROM records WHERE job_id = ? ${after} ORDER BY seed_index, unit_index, id LIMIT ?`,
      [jobId, ...(cursor ?? []), limit],
    );
    for (const row of rows) {
      // A record deleted while the consumer was busy (job deleted) is simply not yielded.
      const record = getRecord(num(row.id));
      if (record) yield record;
    }
    if (rows.length < limit) return;
    const last = rows[rows.length - 1];
    cursor = [num(last.seed_index), num(last.unit_index), num(last.id)];
  }
}
