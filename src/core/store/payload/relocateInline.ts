import type { OpLog } from '../opLog';
import type { PointerEditBefore } from '../reviewActions';
import { allRows, num, str } from '../sqlRows';
import type { RecordRelocateOp, StoreOperation } from '../storeOpTypes';
import type { PayloadStore } from './payloadStore';
import { encodePayload } from './recordPayload';
import { PAYLOAD_COLUMNS, rowPayload } from './rowPayload';

const BATCH = 500;

/** An edit's undo entry as written before schema v4: the row's columns it replaced. */
interface InlineEditBefore {
  output: string | null;
  edited: number;
  originalOutput: string | null;
  updatedAt: string;
}

/**
 * Copies payloads stored in rows (schema < 4, or replayed from such a journal) to the jobs' segment files and
 * repoints the rows, BATCH records per commit, through the partial index of rows without a pointer (empty once
 * done, so a later open costs one lookup). Each edit action not undone yet of a moved record gets its `before` as a
 * payload too, in the same commit, so undo never meets a row and an undo entry of different forms. A crash in
 * between leaves some rows moved (their commit durable) and the rest inline: the next open goes on.
 * `ids`: only these records (an edit of a row not moved yet).
 */
export async function relocateInlinePayloads(opLog: OpLog<StoreOperation>, payloads: PayloadStore, options: { ids?: number[] } = {}): Promise<number> {
  const pendingEdits = new Map<number, { actionId: number; before: InlineEditBefore }[]>();
  for (const row of allRows(opLog.db, "SELECT id, record_ids, before FROM review_actions WHERE kind = 'edit' AND undone = 0")) {
    const before = JSON.parse(str(row.before)) as InlineEditBefore | PointerEditBefore;
    if ('payload' in before) continue;
    const [recordId] = JSON.parse(str(row.record_ids)) as number[];
    pendingEdits.set(recordId, [...(pendingEdits.get(recordId) ?? []), { actionId: num(row.id), before }]);
  }
  let moved = 0;
  let after = 0;
  for (;;) {
    const rows = options.ids
      ? allRows(opLog.db, `SELECT id, ${PAYLOAD_COLUMNS} FROM records WHERE payload_seg IS NULL AND id IN (${options.ids.map(() => '?').join(',')})`, options.ids)
      : allRows(opLog.db, `SELECT id, ${PAYLOAD_COLUMNS} FROM records WHERE payload_seg IS NULL AND id > ? ORDER BY id LIMIT ?`, [after, BATCH]);
    if (rows.length === 0) break;
    const op: RecordRelocateOp = { t: 'record.relocate', moves: [], actions: [] };
    for (const row of rows) {
      const id = num(row.id);
      const jobId = num(row.job_id);
      const payload = rowPayload(row, undefined);
      op.moves.push([id, ...payloads.append(jobId, encodePayload(payload))]);
      for (const { actionId, before } of pendingEdits.get(id) ?? []) {
        const restored = payloads.append(jobId, encodePayload({ metadata: payload.metadata, output: before.output, original: before.originalOutput, trace: payload.trace }));
        const pointerBefore: PointerEditBefore = { payload: restored, edited: before.edited, updatedAt: before.updatedAt };
        op.actions.push([actionId, JSON.stringify(pointerBefore)]);
      }
      after = id;
    }
    await opLog.commit([op]);
    moved += rows.length;
    if (options.ids || rows.length < BATCH) break;
  }
  return moved;
}
