import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TraceEntry } from '../run/runTypes';

/*
 * Raw deflate: no header or checksum to pay for per record, and the trace is the bulk of a record's size (block
 * outputs repeat the prompt-heavy state). Traces are read one record at a time, so decompression cost is per view.
 */

export function encodeTrace(trace: readonly TraceEntry[]): Uint8Array {
  return new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(trace), 'utf8')));
}

export function decodeTrace(blob: Uint8Array | null): TraceEntry[] {
  if (!blob || blob.length === 0) return [];
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as TraceEntry[];
}
