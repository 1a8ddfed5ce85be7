/*
 * The bulky part of a record, stored in a segment file (see segmentStore) instead of sql.js: its seed metadata, its
 * output (as outputCodec stores it: without the metadata keys it repeats), the output as generated once the record
 * was edited, and its trace blob (traceCodec). Layout: the byte PAYLOAD_FORMAT_1 (| BLOCK_ONLY), then four u32 LE
 * lengths (NULL_LENGTH for null), then the four parts back to back: metadata JSON, output JSON, original output
 * JSON, trace bytes.
 * An edit appends a whole new payload (edits are rare and human-paced) and repoints the record.
 */

export const PAYLOAD_FORMAT_1 = 0x01;
/** Set in the format byte when the stored output holds block outputs only (no metadata key, no `_` key). */
const BLOCK_ONLY = 0x80;
const NULL_LENGTH = 0xffffffff;
const HEADER = 1 + 4 * 4;

export interface RecordPayload {
  /** JSON text of the seed metadata. */
  metadata: string;
  /** JSON text of the stored output (outputCodec form), null for a failed execution. */
  output: string | null;
  /** JSON text of the output as generated, once edited (outputCodec form). */
  original: string | null;
  trace: Uint8Array | null;
  /**
   * The stored output holds block outputs only (no metadata key, no internal `_` key): it is the record's exported
   * `accumulated_state` as it is, so export copies the text without parsing it.
   */
  blockOnly?: boolean;
}

/** Whether a stored output (outputCodec form) has no key that blockOutputs would drop. */
export function holdsBlockOutputsOnly(stored: Record<string, unknown>, metadata: Record<string, unknown>): boolean {
  for (const key of Object.keys(stored)) if (key.startsWith('_') || Object.hasOwn(metadata, key)) return false;
  return true;
}

export class PayloadFormatError extends Error {}

export function encodePayload(p: RecordPayload): Buffer {
  const parts = [Buffer.from(p.metadata, 'utf8'), p.output === null ? null : Buffer.from(p.output, 'utf8'), p.original === null ? null : Buffer.from(p.original, 'utf8'), p.trace];
  const size = HEADER + parts.reduce((n, part) => n + (part?.length ?? 0), 0);
  const out = Buffer.allocUnsafe(size);
  out[0] = PAYLOAD_FORMAT_1 | (p.blockOnly && p.output !== null ? BLOCK_ONLY : 0);
  let at = HEADER;
  parts.forEach((part, i) => {
    out.writeUInt32LE(part === null ? NULL_LENGTH : part.length, 1 + 4 * i);
    if (part) {
      out.set(part, at);
      at += part.length;
    }
  });
  return out;
}

export function decodePayload(data: Uint8Array): RecordPayload {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < HEADER || (buf[0] & ~BLOCK_ONLY) !== PAYLOAD_FORMAT_1) throw new PayloadFormatError(`unknown record payload format (${buf.length} bytes, first byte ${buf[0]})`);
  let at = HEADER;
  const parts = [0, 1, 2, 3].map((i) => {
    const length = buf.readUInt32LE(1 + 4 * i);
    if (length === NULL_LENGTH) return null;
    if (at + length > buf.length) throw new PayloadFormatError('record payload shorter than its header says');
    const part = buf.subarray(at, at + length);
    at += length;
    return part;
  });
  return {
    metadata: parts[0]?.toString('utf8') ?? '{}',
    output: parts[1]?.toString('utf8') ?? null,
    original: parts[2]?.toString('utf8') ?? null,
    trace: parts[3] ? new Uint8Array(parts[3].buffer, parts[3].byteOffset, parts[3].length) : null,
    blockOnly: (buf[0] & BLOCK_ONLY) !== 0,
  };
}
