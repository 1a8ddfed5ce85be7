import { crc32 } from 'node:zlib';

/**
 * Journal line format: one JSON object per commit batch, newline-terminated, with a CRC-32 of everything before
 * the `,"crc"` member as its last member, so each line stays plain JSON (readable with `jq`) and a torn or
 * corrupted line is detected:
 *
 *     {"seq":12,"ops":[{"t":"record.add",...}],"crc":"1a2b3c4d"}
 *
 * `seq` increases by one per batch. The CRC covers the UTF-8 bytes of `{"seq":12,"ops":[...]`.
 */
const SUFFIX = /^,"crc":"([0-9a-f]{8})"\}$/;
const SUFFIX_LENGTH = ',"crc":"00000000"}'.length;
const NEWLINE = 0x0a;

/** `opsJson` is `JSON.stringify(ops)`: stringified once by the caller, which also applies the parsed-back ops. */
export function encodeBatch(seq: number, opsJson: string): Buffer {
  const body = `{"seq":${seq},"ops":${opsJson}`;
  const crc = crc32(body).toString(16).padStart(8, '0');
  return Buffer.from(`${body},"crc":"${crc}"}\n`, 'utf8');
}

export interface JournalBatch {
  seq: number;
  ops: unknown[];
}

export interface JournalProblem {
  /** 1-based line number of the first bad line (relative to where the scan started). */
  line: number;
  reason: string;
  /** Lines before it that were good (including those already in the snapshot). */
  linesKept: number;
  /** Newline-terminated lines from the bad one on, which are not applied. */
  linesLost: number;
}

export interface JournalScan {
  /** Good batches with seq > afterSeq, in order (empty when they were handed to `onBatch` instead). */
  batches: JournalBatch[];
  /** Byte length of the good prefix (end of the last good line). */
  validBytes: number;
  /** Seq of the last good line, or afterSeq when there is none beyond it. */
  lastSeq: number;
  /** Bytes after the last newline: a line torn by a crash mid-append. Ignored; the writer truncates them. */
  tornBytes: number;
  /** A complete line that is bad (checksum, JSON, seq order). Everything from it on is not applied. */
  problem?: JournalProblem;
}

/**
 * Reads the journal's lines. Lines with seq ≤ afterSeq are already in the snapshot (a crash between snapshot
 * rename and journal truncation leaves them) and are skipped; the first line beyond must be afterSeq + 1 and the
 * following ones contiguous, otherwise the journal does not belong to this snapshot. With `onBatch`, each good
 * batch is handed over as soon as its line is read (every one before the first bad line, as when collected).
 */
export function scanJournal(data: Buffer, afterSeq: number, onBatch?: (batch: JournalBatch) => void): JournalScan {
  const batches: JournalBatch[] = [];
  let pos = 0;
  let line = 0;
  let previous = 0;
  let lastSeq = afterSeq;
  while (pos < data.length) {
    const end = data.indexOf(NEWLINE, pos);
    if (end === -1) return { batches, validBytes: pos, lastSeq, tornBytes: data.length - pos };
    line++;
    const parsed = parseLine(data.subarray(pos, end));
    let reason = typeof parsed === 'string' ? parsed : undefined;
    if (typeof parsed !== 'string') {
      if (parsed.seq <= previous) reason = `seq ${parsed.seq} does not follow seq ${previous}`;
      else if (parsed.seq > afterSeq && parsed.seq !== lastSeq + 1) {
        reason = lastSeq === afterSeq ? `journal continues at seq ${parsed.seq} but the database snapshot ends at seq ${afterSeq}` : `seq ${parsed.seq} does not follow seq ${lastSeq}`;
      }
    }
    if (reason !== undefined || typeof parsed === 'string') {
      const problem = { line, reason: reason ?? 'bad line', linesKept: line - 1, linesLost: countLines(data, pos) };
      return { batches, validBytes: pos, lastSeq, tornBytes: 0, problem };
    }
    previous = parsed.seq;
    if (parsed.seq > afterSeq) {
      if (onBatch) onBatch(parsed);
      else batches.push(parsed);
      lastSeq = parsed.seq;
    }
    pos = end + 1;
  }
  return { batches, validBytes: pos, lastSeq, tornBytes: 0 };
}

/** A batch, or why the line is bad. */
function parseLine(line: Buffer): JournalBatch | string {
  if (line.length <= SUFFIX_LENGTH) return 'line too short';
  const bodyEnd = line.length - SUFFIX_LENGTH;
  const suffix = SUFFIX.exec(line.toString('latin1', bodyEnd));
  if (!suffix) return 'no checksum at the end of the line';
  if (crc32(line.subarray(0, bodyEnd)) !== Number.parseInt(suffix[1], 16)) return 'checksum mismatch';
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch (error) {
    return `not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object';
  const { seq, ops } = value as { seq?: unknown; ops?: unknown };
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return 'seq is not a positive integer';
  if (!Array.isArray(ops)) return 'ops is not an array';
  return { seq, ops };
}

function countLines(data: Buffer, from: number): number {
  let count = 0;
  for (let i = data.indexOf(NEWLINE, from); i !== -1; i = data.indexOf(NEWLINE, i + 1)) count++;
  return count;
}
