import { closeSync, fdatasync, fdatasyncSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, writeSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { syncFolder } from '../durable/durableFiles';
import { PayloadMissingError } from '../storeErrors';
import type { PayloadPointer, PayloadStore } from './payloadStore';

const datasync = promisify(fdatasync);

/** A segment is closed and the next one started past this size (offsets and files stay manageable). */
export const SEGMENT_MAX_BYTES = 1024 ** 3;

interface WriteSegment {
  segment: number;
  fd: number;
  size: number;
}

/**
 * Record payloads in append-only files: `<dir>/job-<id>/<n>.seg`. Appends are synchronous writes (a few KB, so
 * offsets are handed out in call order); `sync` fdatasyncs every segment written since the last sync, and the folders
 * of files created since, before the journal line that points at them is written (DurableDatabase calls it at each
 * group commit). A crash can only leave bytes no journal line points at: a segment's unreferenced tail, ignored
 * (the next writer appends after it).
 * Readers (a read-only window, the CLI) read the same files: a pointer is only ever journaled after its bytes are
 * durable, so any pointer a reader sees can be read.
 */
export class SegmentStore implements PayloadStore {
  private readonly writing = new Map<number, WriteSegment>();
  private readonly readFds = new Map<string, number>();
  private readonly dirty = new Set<number>();
  private readonly newFolders = new Set<string>();

  constructor(
    readonly dir: string,
    readonly readOnly: boolean,
    private readonly segmentMaxBytes = SEGMENT_MAX_BYTES,
  ) {}

  append(jobId: number, data: Uint8Array): PayloadPointer {
    if (this.readOnly) throw new Error(`${this.dir} is open read-only`);
    let seg = this.writing.get(jobId) ?? this.openForAppend(jobId);
    if (seg.size > 0 && seg.size + data.length > this.segmentMaxBytes) {
      this.newFolders.add(this.jobDir(jobId));
      seg = this.openSegment(jobId, seg.segment + 1);
    }
    const offset = seg.size;
    let done = 0;
    try {
      while (done < data.length) done += writeSync(seg.fd, data, done, data.length - done, offset + done);
    } catch (error) {
      // Whatever was written is an unreferenced tail; the next append starts after it.
      seg.size = fstatSync(seg.fd).size;
      throw error;
    }
    seg.size += data.length;
    this.dirty.add(seg.fd);
    return [seg.segment, offset, data.length];
  }

  read(jobId: number, [segment, offset, length]: PayloadPointer): Buffer {
    const fd = this.readFd(jobId, segment);
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) throw new PayloadMissingError(jobId, segment, offset, length);
      done += n;
    }
    return out;
  }

  async sync(): Promise<void> {
    const fds = [...this.dirty];
    const folders = [...this.newFolders];
    this.dirty.clear();
    this.newFolders.clear();
    await Promise.all(fds.map((fd) => datasync(fd)));
    for (const folder of folders) await syncFolder(folder);
  }

  async removeJob(jobId: number): Promise<void> {
    this.closeJob(jobId);
    await rm(this.jobDir(jobId), { recursive: true, force: true });
  }

  async removeOrphans(jobExists: (jobId: number) => boolean): Promise<number[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch {
      return [];
    }
    const removed: number[] = [];
    for (const name of entries) {
      const match = /^job-(\d+)$/.exec(name);
      if (!match) continue;
      const jobId = Number(match[1]);
      if (jobExists(jobId)) continue;
      await this.removeJob(jobId);
      removed.push(jobId);
    }
    return removed;
  }

  async close(): Promise<void> {
    await this.sync();
    for (const seg of this.writing.values()) closeSync(seg.fd);
    this.writing.clear();
    for (const fd of this.readFds.values()) closeSync(fd);
    this.readFds.clear();
  }

  private jobDir(jobId: number): string {
    return join(this.dir, `job-${jobId}`);
  }

  /** The job's newest segment, appended after whatever it holds (a crash's tail included). */
  private openForAppend(jobId: number): WriteSegment {
    const folder = this.jobDir(jobId);
    let segments: number[] = [];
    try {
      segments = readdirSync(folder)
        .map((name) => /^(\d+)\.seg$/.exec(name))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]));
    } catch {
      mkdirSync(folder, { recursive: true });
      // The job folder's entry in the segments folder (and that folder's, in the database's folder) must be durable too.
      this.newFolders.add(this.dir);
      this.newFolders.add(join(this.dir, '..'));
    }
    this.newFolders.add(folder);
    return this.openSegment(jobId, segments.length ? Math.max(...segments) : 0);
  }

  private openSegment(jobId: number, segment: number): WriteSegment {
    const previous = this.writing.get(jobId);
    if (previous) {
      // Its last appends must be durable before their journal line: sync them now rather than keep the fd around.
      fdatasyncSync(previous.fd);
      this.dirty.delete(previous.fd);
      closeSync(previous.fd);
    }
    const fd = openSync(join(this.jobDir(jobId), `${segment}.seg`), 'a+');
    const seg = { segment, fd, size: fstatSync(fd).size };
    this.writing.set(jobId, seg);
    return seg;
  }

  private readFd(jobId: number, segment: number): number {
    const key = `${jobId}/${segment}`;
    let fd = this.readFds.get(key);
    if (fd === undefined) {
      try {
        fd = openSync(join(this.jobDir(jobId), `${segment}.seg`), 'r');
      } catch {
        throw new PayloadMissingError(jobId, segment, 0, 0);
      }
      this.readFds.set(key, fd);
    }
    return fd;
  }

  private closeJob(jobId: number): void {
    const seg = this.writing.get(jobId);
    if (seg) {
      this.dirty.delete(seg.fd);
      closeSync(seg.fd);
      this.writing.delete(jobId);
    }
    for (const [key, fd] of this.readFds) {
      if (key.startsWith(`${jobId}/`)) {
        closeSync(fd);
        this.readFds.delete(key);
      }
    }
  }
}
