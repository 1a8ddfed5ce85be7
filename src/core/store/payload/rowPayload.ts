import type { Row } from '../sqlRows';
import { num } from '../sqlRows';
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
