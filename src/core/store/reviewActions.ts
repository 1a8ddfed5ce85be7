import type { Database } from 'sql.js';
import { encodeOutput } from './outputCodec';
import type { PayloadPointer } from './payload/payloadStore';
import { moveBuckets } from './recordBuckets';
import { json, num, oneRow, runEach, runOne, str, strOrNull } from './sqlRows';
import type { ActionUndoOp, RecordEditOp, RecordRelocateOp, RecordStatusOp } from './storeOpTypes';
import type { ReviewActionKind, UndoneAction } from './storeTypes';

/*
 * Review actions keep the exact column values they replaced (JSON text as stored, updated_at included), so undo
 * puts every record back byte for byte rather than re-deriving it. An edit of a record whose payload is in a segment
 * keeps the pointer it replaced (PointerEditBefore): undo repoints.
 */

/** [record id, status, updated_at] before a status change. */
type StatusBefore = [number, string, string][];

interface EditBefore {
  output: string | null;
  edited: number;
  originalOutput: string | null;
  updatedAt: string;
}

/** Before an edit of a record whose payload is in a segment file. */
export interface PointerEditBefore {
  payload: PayloadPointer;
  edited: number;
  updatedAt: string;
}

export function applyRecordStatus(db: Database, op: RecordStatusOp): void {
  const before: StatusBefore = [];
  const stmt = db.prepare("SELECT status, updated_at, seed_index FROM records WHERE id = ? AND job_id = ? AND status != 'failed'");
  try {
    for (const id of op.ids) {
      stmt.bind([id, op.jobId]);
      if (stmt.step()) {
        const row = stmt.getAsObject();
        before.push([id, str(row.status), str(row.updated_at)]);
        moveBuckets(db, op.jobId, num(row.seed_index), id, str(row.status), op.status);
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
  if (op.payload) return applyPointerEdit(db, op, op.payload);
  if (!op.output) return;
  const row = oneRow(db, "SELECT job_id, output, metadata, edited, original_output, updated_at FROM records WHERE id = ? AND status != 'failed' AND payload_seg IS NULL", [op.id]);
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

function applyPointerEdit(db: Database, op: RecordEditOp, payload: PayloadPointer): void {
  const row = oneRow(db, "SELECT job_id, edited, updated_at, payload_seg, payload_off, payload_len FROM records WHERE id = ? AND status != 'failed' AND payload_seg IS NOT NULL", [op.id]);
  if (!row) return;
  const before: PointerEditBefore = { payload: [num(row.payload_seg), num(row.payload_off), num(row.payload_len)], edited: num(row.edited), updatedAt: str(row.updated_at) };
  runOne(db, 'UPDATE records SET payload_seg = ?, payload_off = ?, payload_len = ?, edited = 1, updated_at = ? WHERE id = ?', [...payload, op.updatedAt, op.id]);
  insertAction(db, op.actionId, num(row.job_id), 'edit', [op.id], before, { payload, updatedAt: op.updatedAt }, op.updatedAt);
}

export function applyUndo(db: Database, op: ActionUndoOp): void {
  const action = oneRow(db, 'SELECT kind, before, record_ids FROM review_actions WHERE id = ? AND undone = 0', [op.actionId]);
  if (!action) return;
  const before = JSON.parse(str(action.before)) as unknown;
  if (str(action.kind) === 'status') {
    for (const [id, status] of before as StatusBefore) {
      const now = oneRow(db, "SELECT job_id, seed_index, status FROM records WHERE id = ? AND status != 'failed'", [id]);
      if (now) moveBuckets(db, num(now.job_id), num(now.seed_index), id, str(now.status), status);
    }
    runEach(
      db,
      "UPDATE records SET status = ?, updated_at = ? WHERE id = ? AND status != 'failed'",
      (before as StatusBefore).map(([id, status, updatedAt]) => [status, updatedAt, id]),
    );
  } else if (typeof before === 'object' && before !== null && 'payload' in before) {
    const b = before as PointerEditBefore;
    const [id] = JSON.parse(str(action.record_ids)) as number[];
    runOne(db, 'UPDATE records SET payload_seg = ?, payload_off = ?, payload_len = ?, edited = ?, updated_at = ? WHERE id = ?', [...b.payload, b.edited, b.updatedAt, id]);
  } else {
    const b = before as EditBefore;
    const [id] = JSON.parse(str(action.record_ids)) as number[];
    runOne(db, 'UPDATE records SET output = ?, edited = ?, original_output = ?, updated_at = ? WHERE id = ?', [b.output, b.edited, b.originalOutput, b.updatedAt, id]);
  }
  runOne(db, 'UPDATE review_actions SET undone = 1 WHERE id = ?', [op.actionId]);
}

/** Points rows that held their payload inline at its copy in a segment (see RecordRelocateOp). */
export function applyRelocate(db: Database, op: RecordRelocateOp): void {
  runEach(
    db,
    "UPDATE records SET payload_seg = ?, payload_off = ?, payload_len = ?, output = NULL, original_output = NULL, metadata = '{}', trace = NULL WHERE id = ? AND payload_seg IS NULL",
    op.moves.map(([id, seg, off, len]) => [seg, off, len, id]),
  );
  runEach(
    db,
    "UPDATE review_actions SET before = ? WHERE id = ? AND kind = 'edit' AND undone = 0",
    op.actions.map(([actionId, before]) => [before, actionId]),
  );
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
