import type { Database } from 'sql.js';
import type { UnitResult } from '../records/unitResult';
import { encodeOutput } from './outputCodec';
import { bumpBuckets } from './recordBuckets';
import { num, oneRow, runOne, str } from './sqlRows';
import type { RecordAddOp } from './storeOpTypes';
import { encodeTrace } from './traceCodec';

/** Repetition or chunk number; -1 for a whole-seed failure (sorts before the seed's chunks). */
function unitIndexOf(result: Pick<UnitResult, 'repetition' | 'chunkIndex'>): number {
  return result.repetition ?? result.chunkIndex ?? -1;
}

/** Stores a unit's result and moves the job's totals (and its run's last sign of life) with it, so job lists never count records. */
export function applyRecordAdd(db: Database, op: RecordAddOp): void {
  const r = op.result;
  if (!oneRow(db, 'SELECT 1 AS x FROM jobs WHERE id = ?', [op.jobId])) return;
  const existing = oneRow(db, 'SELECT status FROM records WHERE job_id = ? AND unit_key = ?', [op.jobId, r.key]);
  if (existing && str(existing.status) !== 'failed') return;

  let replacedFailures = 0;
  // Without an existing row for this unit there is no failed one to delete (one statement fewer per new record).
  const failedKeys = [...(existing ? [r.key] : []), ...(op.replaces ? [op.replaces] : [])];
  for (const key of failedKeys) {
    // The failed attempt's tokens stay in the job's usage: they were spent.
    const gone = oneRow(db, "SELECT id, seed_index FROM records WHERE job_id = ? AND unit_key = ? AND status = 'failed'", [op.jobId, key]);
    if (!gone) continue;
    replacedFailures += runOne(db, 'DELETE FROM records WHERE id = ?', [gone.id]);
    bumpBuckets(db, op.jobId, 'failed', num(gone.seed_index), num(gone.id), -1);
  }

  const failed = r.status === 'failed';
  // The trace shares values with exactly the output stored here (see traceCodec).
  const output = failed || r.output === null || r.output === undefined ? null : r.output;
  // With a payload pointer the bulky columns stay empty: the segment holds them.
  const inline = op.payload === undefined;
  const metadata = r.metadata ?? {};
  // OR IGNORE: an id already taken means a second writer shares this log; dropping beats an unreplayable journal.
  const inserted = runOne(
    db,
    `INSERT OR IGNORE INTO records (id, job_id, unit_key, seed_index, unit_index, status, error, output, metadata, trace,
       input_tokens, output_tokens, cached_tokens, duration_ms, created_at, updated_at, payload_seg, payload_off, payload_len)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      op.id,
      op.jobId,
      r.key,
      r.seedIndex,
      unitIndexOf(r),
      failed ? 'failed' : 'pending',
      failed ? (r.error?.message ?? 'Unknown error') : null,
      // Without the metadata keys it repeats (outputCodec); the trace is encoded against the whole output.
      !inline || output === null ? null : JSON.stringify(encodeOutput(output, metadata)),
      inline ? JSON.stringify(metadata) : '{}',
      inline ? encodeTrace(r.trace ?? [], output) : null,
      r.usage.input_tokens,
      r.usage.output_tokens,
      r.usage.cached_tokens,
      Math.round(r.durationMs),
      op.createdAt,
      op.createdAt,
      op.payload?.[0] ?? null,
      op.payload?.[1] ?? null,
      op.payload?.[2] ?? null,
    ],
  );
  if (!inserted) return;
  bumpBuckets(db, op.jobId, failed ? 'failed' : 'pending', r.seedIndex, op.id, 1);
  runOne(
    db,
    `UPDATE jobs SET generated = generated + ?, failed = failed + ? - ?,
       input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cached_tokens = cached_tokens + ?,
       run_active_at = CASE WHEN status = 'running' THEN max(COALESCE(run_active_at, ?), ?) ELSE run_active_at END
     WHERE id = ?`,
    [failed ? 0 : 1, failed ? 1 : 0, replacedFailures, r.usage.input_tokens, r.usage.output_tokens, r.usage.cached_tokens, op.createdAt, op.createdAt, op.jobId],
  );
}
