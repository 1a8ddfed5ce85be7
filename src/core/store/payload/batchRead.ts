import type { PayloadPointer } from './payloadStore';
import type { PayloadReader } from './rowPayload';

/** Two payloads closer than this are read with one read, the bytes between them included. */
const MAX_GAP = 64 * 1024;
/** One read spans at most this many bytes. */
const MAX_SPAN = 4 * 1024 * 1024;

/**
 * The payloads of a batch of records of one job, read with as few reads as their placement allows: records written
 * one after the other lie one after the other in the segment, so a batch in unit order is mostly a few long reads
 * instead of one system call per record. Returns the bytes in the order of `pointers`.
 */
export function readPayloads(payloads: PayloadReader, jobId: number, pointers: readonly PayloadPointer[]): Buffer[] {
  const out: Buffer[] = new Array<Buffer>(pointers.length);
  const order = pointers.map((_, i) => i).sort((a, b) => pointers[a][0] - pointers[b][0] || pointers[a][1] - pointers[b][1]);
  let i = 0;
  while (i < order.length) {
    const [segment, start] = pointers[order[i]];
    let end = start + pointers[order[i]][2];
    let j = i + 1;
    while (j < order.length) {
      const [s, off, len] = pointers[order[j]];
      if (s !== segment || off - end > MAX_GAP || Math.max(end, off + len) - start > MAX_SPAN) break;
      end = Math.max(end, off + len);
      j++;
    }
    const span = payloads.read(jobId, [segment, start, end - start]);
    for (let k = i; k < j; k++) {
      const [, off, len] = pointers[order[k]];
      out[order[k]] = span.subarray(off - start, off - start + len);
    }
    i = j;
  }
  return out;
}
