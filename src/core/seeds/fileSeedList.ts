import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { copyFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { DgfError } from '../errors';
import { JsonSeedList } from './seedList';
import type { Seed, SeedList } from './seedTypes';

/** Bytes read from the file at a time: seeds in order are read a window at a time, not one read each. */
const WINDOW_BYTES = 1 << 20;

/** Where each seed is in the file (bytes), its checksum and repetitions: 16 bytes a seed, none of its text. */
export interface SeedByteSpans {
  start: Uint32Array;
  end: Uint32Array;
  crc: Uint32Array;
  repetitions: Float64Array;
}

/** A seed file's snapshot no longer holds the bytes that were checked (the file changed as the run started). */
export class SeedFileChangedError extends DgfError {
  constructor(file: string, seedNumber: number) {
    super(
      'seeds-changed',
      `${file} changed while the run was starting: seed ${seedNumber} is no longer what was checked. Run the job again.`,
    );
  }
}

/**
 * The seeds of a JSON seed file read from a file, one window of bytes at a time: a run holds none of the file's
 * text (a 50 MB file costs 16 bytes a seed). Each seed's bytes are checked against the checksum taken when the text
 * was checked: bytes that differ fail with SeedFileChangedError rather than running other seeds. `release` deletes
 * the file when it is the run's own snapshot.
 */
export class FileSeedList implements SeedList {
  private window: { start: number; bytes: Buffer } | undefined;

  constructor(
    private readonly file: string,
    private readonly spans: SeedByteSpans,
    private readonly shownName: string = file,
    private readonly snapshot = false,
  ) {}

  get length(): number {
    return this.spans.repetitions.length;
  }

  at(index: number): Seed | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    const bytes = this.bytesOf(this.spans.start[index], this.spans.end[index]);
    if (crc32(bytes) !== this.spans.crc[index]) throw new SeedFileChangedError(this.shownName, index + 1);
    const item = JSON.parse(bytes.toString('utf8')) as { metadata: Record<string, unknown> };
    return { repetitions: this.spans.repetitions[index], metadata: item.metadata };
  }

  repetitionsAt(index: number): number {
    return this.spans.repetitions[index] ?? 0;
  }

  *[Symbol.iterator](): Iterator<Seed> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Seed;
  }

  release(): void {
    this.window = undefined;
    if (this.snapshot) rmSync(this.file, { force: true });
  }

  private bytesOf(start: number, end: number): Buffer {
    const window = this.window;
    if (window && start >= window.start && end <= window.start + window.bytes.length) {
      return window.bytes.subarray(start - window.start, end - window.start);
    }
    const bytes = Buffer.allocUnsafe(Math.max(WINDOW_BYTES, end - start));
    const fd = openSync(this.file, 'r');
    let read: number;
    try {
      read = readSync(fd, bytes, 0, bytes.length, start);
    } finally {
      closeSync(fd);
    }
    this.window = { start, bytes: bytes.subarray(0, read) };
    // A file cut shorter than the seed is a changed file: the checksum of what is there says so.
    return this.window.bytes.subarray(0, Math.min(read, end - start));
  }
}

/**
 * The seeds parsed from `source` (the text of `file`, named `shownName` in messages), read during the run from a
 * snapshot of the file in the temporary folder, so the text can be let go and the user may edit the seed file while
 * the job runs. Only for a JSON seed file's list whose file still holds that text (else the list as it is). The
 * caller releases the list (releaseSeeds) when the run is over, which deletes the snapshot.
 */
export async function seedsReadFromFile(seeds: SeedList, source: string, file: string, shownName = file): Promise<SeedList> {
  if (!(seeds instanceof JsonSeedList)) return seeds;
  const { text, start, end, repetitions } = seeds.spansInText();
  void removeSnapshotsOfEndedProcesses();
  const snapshot = join(tmpdir(), `${SNAPSHOT_PREFIX}${process.pid}-${randomUUID()}.json`);
  try {
    await copyFile(file, snapshot); // off the event loop: a 50 MB copy does not hold up the extension host
    const spans = seedByteSpans(snapshot, text, source.charCodeAt(0) === 0xfeff, { start, end, repetitions });
    if (spans) return new FileSeedList(snapshot, spans, shownName, true);
  } catch {
    // No snapshot (no space, no temporary folder): the run keeps the text.
  }
  await rm(snapshot, { force: true });
  return seeds;
}

const SNAPSHOT_PREFIX = 'datagenflow-seeds-';

/**
 * Snapshots left by a run that was killed (its process is gone): deleted when the next run takes one, in the
 * background (a temporary folder can hold many files; the extension host's event loop does not wait for the listing).
 */
async function removeSnapshotsOfEndedProcesses(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[]);
  for (const name of names) {
    const pid = name.startsWith(SNAPSHOT_PREFIX) ? Number(/^(\d+)-/.exec(name.slice(SNAPSHOT_PREFIX.length))?.[1]) : NaN;
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) await rm(join(tmpdir(), name), { force: true }).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Turns seed spans over `text` (character offsets, `text` being the file's text without its byte order mark) into
 * byte spans over `file`, with each seed's checksum. Undefined when the file on disk is not that text encoded as
 * UTF-8 (it changed since it was read, or it is not valid UTF-8): the caller keeps the text then.
 */
export function seedByteSpans(
  file: string,
  text: string,
  hadByteOrderMark: boolean,
  chars: { start: Uint32Array; end: Uint32Array; repetitions: Float64Array },
): SeedByteSpans | undefined {
  const bomBytes = hadByteOrderMark ? 3 : 0;
  const textBytes = Buffer.byteLength(text);
  if (fileSize(file) !== bomBytes + textBytes) return undefined;
  const count = chars.repetitions.length;
  const spans: SeedByteSpans = { start: new Uint32Array(count), end: new Uint32Array(count), crc: new Uint32Array(count), repetitions: chars.repetitions };
  const ascii = textBytes === text.length;
  let bytePos = bomBytes;
  let charPos = 0;
  for (let i = 0; i < count; i++) {
    const seedText = text.slice(chars.start[i], chars.end[i]);
    if (ascii) {
      spans.start[i] = bomBytes + chars.start[i];
    } else {
      bytePos += Buffer.byteLength(text.slice(charPos, chars.start[i]));
      spans.start[i] = bytePos;
      bytePos += Buffer.byteLength(seedText);
      charPos = chars.end[i];
    }
    spans.end[i] = ascii ? bomBytes + chars.end[i] : bytePos;
    spans.crc[i] = crc32(seedText);
  }
  return spans;
}

function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}
