import type { Database } from 'sql.js';
import { encodeOutput } from './outputCodec';
import { json, num, oneRow, runEach, runOne, str, strOrNull } from './sqlRows';
import type { ActionUndoOp, RecordEditOp, RecordStatusOp } from './storeOpTypes';
import type { ReviewActionKind, UndoneAction } from './storeTypes';

/*
 * Review actions keep the exact column values they replaced (JSON text as stored, updated_at included), so undo
 * puts every record back byte for byte rather than re-deriving it.
 */

/** [record id, status, updated_at] before a status change. */
type StatusBefore = [number, string, string][];

interface EditBefore {
  output: string | null;
  edited: number;
  originalOutput: string | null;
  updatedAt: string;
}

export function applyRecordStatus(db: Database, op: RecordStatusOp): void {
  const before: StatusBefore = [];
  const stmt = db.prepare("SELECT status, updated_at FROM records WHERE id = ? AND job_id = ? AND status != 'failed'");
  try {
    for (const id of op.ids) {
      stmt.bind([id, op.jobId]);
      if (stmt.step()) {
        const row = stmt.getAsObject();
        before.push([id, str(row.status), str(row.updated_at)]);
      }
      stmt.reset();
    }
  } finally {
    stmt.free();
  }
  runEach(
    db,
    'UPDATE records SET status = ?, updated_at = ? WHERE id = ?',
    before.map(([id]) => [op.status, op.updatedAt, id]),
  );
  insertAction(db, op.actionId, op.jobId, 'status', before.map(([id]) => id), before, { status: op.status, updatedAt: op.updatedAt }, op.updatedAt);
}

export function applyRecordEdit(db: Database, op: RecordEditOp): void {
  const row = oneRow(db, "SELECT job_id, output, metadata, edited, original_output, updated_at FROM records WHERE id = ? AND status != 'failed'", [op.id]);
  if (!row) return;
  const before: EditBefore = {
    output: strOrNull(row.output),
    edited: num(row.edited),
    originalOutput: strOrNull(row.original_output),
    updatedAt: str(row.updated_at),
  };
  // Stored like recordAdd's (outputCodec): original_output copies the column as it is, in the same form.
  runOne(db, 'UPDATE records SET output = ?, edited = 1, original_output = COALESCE(original_output, output), updated_at = ? WHERE id = ?', [
    JSON.stringify(encodeOutput(op.output, json(row.metadata) ?? {})),
    op.updatedAt,
    op.id,
  ]);
  insertAction(db, op.actionId, num(row.job_id), 'edit', [op.id], before, { output: op.output, updatedAt: op.updatedAt }, op.updatedAt);
}

export function applyUndo(db: Database, op: ActionUndoOp): void {
  const action = oneRow(db, 'SELECT kind, before, record_ids FROM review_actions WHERE id = ? AND undone = 0', [op.actionId]);
  if (!action) return;
  const before = JSON.parse(str(action.before)) as unknown;
  if (str(action.kind) === 'status') {
    runEach(
      db,
      "UPDATE records SET status = ?, updated_at = ? WHERE id = ? AND status != 'failed'",
      (before as StatusBefore).map(([id, status, updatedAt]) => [status, updatedAt, id]),
    );
  } else {
    const b = before as EditBefore;
    const [id] = JSON.parse(str(action.record_ids)) as number[];
    runOne(db, 'UPDATE records SET output = ?, edited = ?, original_output = ?, updated_at = ? WHERE id = ?', [b.output, b.edited, b.originalOutput, b.updatedAt, id]);
  }
  runOne(db, 'UPDATE review_actions SET undone = 1 WHERE id = ?', [op.actionId]);
}

/** The job's most recent action not undone yet: what "Undo" would revert. */
export function lastUndoableAction(db: Database, jobId: number): UndoneAction | undefined {
  const row = oneRow(db, 'SELECT id, kind, record_ids FROM review_actions WHERE job_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1', [jobId]);
  if (!row) return undefined;
  return { actionId: num(row.id), kind: str(row.kind) as ReviewActionKind, jobId, recordIds: JSON.parse(str(row.record_ids)) as number[] };
}

function insertAction(db: Database, id: number, jobId: number, kind: ReviewActionKind, recordIds: number[], before: unknown, after: unknown, createdAt: string): void {
  runOne(db, 'INSERT OR IGNORE INTO review_actions (id, job_id, record_ids, kind, before, after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    id,
    jobId,
    JSON.stringify(recordIds),
    kind,
    JSON.stringify(before),
    JSON.stringify(after),
    createdAt,
  ]);
}
