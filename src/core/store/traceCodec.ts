import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { TraceEntry } from '../records/unitResult';
import { TraceFormatError } from './storeErrors';

/*
 * A record's lean trace, stored as a BLOB. Raw deflate: no header or checksum to pay for per record. Traces are read
 * one record at a time, so decompression cost is per view.
 *
 * Most of a trace repeats the record's output: a block's output values are what the final accumulated state holds,
 * unless a later block overwrote the key. Format 2 stores such a value once, in the record's output, and marks it in
 * the trace entry: `same` lists the keys whose value is the final output's value for that key (JSON-identical) and
 * that are left out of the entry's `output`. A key is a string when the marked keys come after the kept ones in the
 * original order, which is the usual case; otherwise every marked key is `[key, position]`, so decoding restores the
 * exact key order. Decoding needs the same final output: the output as generated (`original_output` once edited).
 *
 * Blob layouts:
 * - format 1 (databases written before format 2): raw deflate of the trace's JSON;
 * - format 2: the byte FORMAT_2, then raw deflate of the JSON of the entries (with `same` where values were shared).
 * A raw deflate stream never starts with a byte whose bits 1–2 are both set (block type 3 is reserved), so the
 * leading byte tells the formats apart; later formats take other bytes with those bits set.
 */

type JsonObject = Record<string, unknown>;

/**
 * A trace is a few KB: a 4 KB window and a small hash table compress it as well as the defaults (inflate reads any
 * window size) for about two thirds of the CPU, most of which is setting up zlib's state per record.
 */
const DEFLATE_OPTIONS = { windowBits: 12, memLevel: 5 };

/** Bits 1–2 set: not the first byte of any raw deflate stream. */
const NOT_DEFLATE = 0x06;
/** Leading byte of format 2: `NOT_DEFLATE | version << 3`. */
export const TRACE_FORMAT_2 = NOT_DEFLATE | (2 << 3);

/** A marked key: appended after the kept keys (string), or put back at its original position. */
type SameKey = string | [key: string, position: number];

/** A trace entry as stored in format 2. */
type StoredEntry = Omit<TraceEntry, 'output'> & { output: JsonObject | null; same?: SameKey[] };

/** `finalOutput`: the record's output as stored at the same time (null for failed executions: nothing is shared). */
export function encodeTrace(trace: readonly TraceEntry[], finalOutput: JsonObject | null): Uint8Array {
  const entries = finalOutput ? trace.map((entry) => shareWithOutput(entry, finalOutput)) : trace;
  const body = deflateRawSync(Buffer.from(JSON.stringify(entries), 'utf8'), DEFLATE_OPTIONS);
  const blob = new Uint8Array(body.length + 1);
  blob[0] = TRACE_FORMAT_2;
  blob.set(body, 1);
  return blob;
}

/**
 * `finalOutput`: the output the trace was encoded with (the record's output as generated). Reads both formats;
 * format 1 blobs do not use it.
 */
export function decodeTrace(blob: Uint8Array | null, finalOutput: JsonObject | null): TraceEntry[] {
  if (!blob || blob.length === 0) return [];
  const first = blob[0];
  if ((first & NOT_DEFLATE) !== NOT_DEFLATE) return parse(blob);
  if (first !== TRACE_FORMAT_2) throw new TraceFormatError(first);
  return parse(blob.subarray(1)).map((entry) => restoreFromOutput(entry as StoredEntry, finalOutput));
}

function parse(deflated: Uint8Array): TraceEntry[] {
  return JSON.parse(inflateRawSync(deflated).toString('utf8')) as TraceEntry[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Equal once stored as JSON (key order included), so restoring the output's value gives back exactly this one. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function shareWithOutput(entry: TraceEntry, finalOutput: JsonObject): TraceEntry | StoredEntry {
  const output: unknown = entry.output;
  if (!isObject(output)) return entry;
  const kept: [string, unknown][] = [];
  const same: [string, number][] = [];
  Object.keys(output).forEach((key, position) => {
    if (Object.hasOwn(finalOutput, key) && sameJson(output[key], finalOutput[key])) same.push([key, position]);
    else kept.push([key, output[key]]);
  });
  if (same.length === 0) return entry;
  // Marked keys all after the kept ones: appending them on decode restores the order, no positions needed.
  const appended = same[0][1] === kept.length;
  const stored: JsonObject = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key !== 'output') stored[key] = value;
    else {
      stored.output = Object.fromEntries(kept);
      stored.same = appended ? same.map(([k]) => k) : same;
    }
  }
  return stored as StoredEntry;
}

function restoreFromOutput(entry: StoredEntry, finalOutput: JsonObject | null): TraceEntry {
  if (!Array.isArray(entry.same)) return entry as TraceEntry;
  const pairs = Object.entries(entry.output ?? {});
  for (const mark of entry.same) {
    const [key, position] = typeof mark === 'string' ? [mark, pairs.length] : mark;
    // Missing only when decoded against another output than it was encoded with; JSON would have dropped it too.
    if (!finalOutput || !Object.hasOwn(finalOutput, key)) continue;
    const value = finalOutput[key];
    // A copy: the trace must not share objects with the record's output (or with another entry).
    pairs.splice(position, 0, [key, typeof value === 'object' && value !== null ? structuredClone(value) : value]);
  }
  const restored: JsonObject = {};
  for (const [key, value] of Object.entries(entry)) {
    if (key === 'output') restored.output = Object.fromEntries(pairs);
    else if (key !== 'same') restored[key] = value;
  }
  return restored as unknown as TraceEntry;
}
