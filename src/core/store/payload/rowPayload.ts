import type { Row } from '../sqlRows';
import { num } from '../sqlRows';
import { readPayloads } from './batchRead';
import { decodePayload, type RecordPayload } from './recordPayload';
import type { PayloadPointer } from './payloadStore';

/** What reads payloads: the store's segment files (absent for a store that keeps payloads inline, e.g. in memory). */
export interface PayloadReader {
  read(jobId: number, pointer: PayloadPointer): Buffer;
}

/** Columns a row needs for rowPayload. */
export const PAYLOAD_COLUMNS = 'job_id, output, metadata, original_output, trace, payload_seg, payload_off, payload_len';

export function pointerOf(row: Row): PayloadPointer | undefined {
  return row.payload_seg === null || row.payload_seg === undefined ? undefined : [num(row.payload_seg), num(row.payload_off), num(row.payload_len)];
}

/**
 * A record's payload, from its segment when the row points at one, else from the row's own columns (rows written
 * before v4 and not moved yet, or by a store without segment files).
 */
export function rowPayload(row: Row, payloads: PayloadReader | undefined): RecordPayload {
  const pointer = pointerOf(row);
  if (pointer) {
    if (!payloads) throw new Error('This database keeps record payloads in segment files, but it was opened without them');
    return decodePayload(payloads.read(num(row.job_id), pointer));
  }
  return {
    metadata: typeof row.metadata === 'string' ? row.metadata : '{}',
    output: typeof row.output === 'string' ? row.output : null,
    original: typeof row.original_output === 'string' ? row.original_output : null,
    trace: row.trace instanceof Uint8Array ? row.trace : null,
  };
}

/** rowPayload for many rows, the segment bytes of each job's rows read together (see readPayloads). */
export function rowPayloads(rows: readonly Row[], payloads: PayloadReader | undefined): RecordPayload[] {
  const byJob = new Map<number, { at: number[]; pointers: PayloadPointer[] }>();
  const out: RecordPayload[] = new Array<RecordPayload>(rows.length);
  rows.forEach((row, i) => {
    const pointer = pointerOf(row);
    if (!pointer || !payloads) {
      out[i] = rowPayload(row, payloads);
      return;
    }
    const jobId = num(row.job_id);
    const group = byJob.get(jobId) ?? { at: [], pointers: [] };
    group.at.push(i);
    group.pointers.push(pointer);
    byJob.set(jobId, group);
  });
  for (const [jobId, { at, pointers }] of byJob) {
    readPayloads(payloads as PayloadReader, jobId, pointers).forEach((data, k) => (out[at[k]] = decodePayload(data)));
  }
  return out;
}
