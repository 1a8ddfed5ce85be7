import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DgfError } from '../errors';
import type { BatchFileEntry } from './batchTypes';

export interface FileLimits {
  maxRequests: number;
  maxBytes: number;
}

interface OpenFile {
  entry: BatchFileEntry;
  fd: number;
}

/**
 * Writes one stage's requests into JSONL input files in the job's folder: one model per file (a batch has one
 * endpoint and model), a new file whenever the next line would pass the provider's limits (requests or bytes per
 * file). Lines go to disk as they come, so a stage of a million requests is never held in memory.
 */
export class BatchFileSplitter {
  private readonly open = new Map<string, OpenFile>();
  private readonly done: BatchFileEntry[] = [];
  private sequence = 0;

  constructor(
    private readonly dir: string,
    private readonly stage: number,
    private readonly limits: FileLimits,
  ) {}

  /** Adds one request line (without its newline) for `model`. */
  add(model: string, line: string): void {
    const bytes = Buffer.byteLength(line) + 1;
    if (bytes > this.limits.maxBytes) {
      throw new DgfError('batch-request-too-large', `A request of ${bytes} bytes is larger than a batch file may be (${this.limits.maxBytes} bytes, datagenflow.batch.maxBytesPerFile).`);
    }
    let file = this.open.get(model);
    if (file && (file.entry.requests + 1 > this.limits.maxRequests || file.entry.bytes + bytes > this.limits.maxBytes)) {
      this.close(model, file);
      file = undefined;
    }
    if (!file) {
      const name = `stage${this.stage}-${++this.sequence}.jsonl`;
      file = { entry: { name, stage: this.stage, model, requests: 0, bytes: 0 }, fd: openSync(join(this.dir, name), 'w') };
      this.open.set(model, file);
    }
    writeSync(file.fd, `${line}\n`);
    file.entry.requests++;
    file.entry.bytes += bytes;
  }

  /** Closes (and fsyncs) every file; the entries, in the order they were started. */
  finish(): BatchFileEntry[] {
    for (const [model, file] of this.open) this.close(model, file);
    return [...this.done].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  }

  /** Closes every file without keeping them (the stage was abandoned). */
  abandon(): void {
    for (const file of this.open.values()) closeSync(file.fd);
    this.open.clear();
  }

  private close(model: string, file: OpenFile): void {
    fsyncSync(file.fd);
    closeSync(file.fd);
    this.open.delete(model);
    this.done.push(file.entry);
  }
}
