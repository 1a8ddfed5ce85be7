import { createHash } from 'node:crypto';
import type { TryRecord } from './tryTypes';

/** Tries kept per pipeline: enough to compare the last few, never a history. */
export const TRIES_KEPT = 5;

/** Where the try store reads and writes its files (`.datagenflow/tries/` of the workspace; a temp folder in tests). */
export interface TryFiles {
  /** The file's text, or undefined when there is none. */
  read(name: string): Promise<string | undefined>;
  write(name: string, text: string): Promise<void>;
}

/** The file of a pipeline's tries: a hash of its workspace-relative path, so any path makes a safe file name. */
export function tryFileName(pipelinePath: string): string {
  return `${createHash('sha256').update(pipelinePath.replace(/\\/g, '/')).digest('hex').slice(0, 16)}.json`;
}

interface TryFile {
  pipeline: string;
  tries: TryRecord[];
}

/**
 * The last TRIES_KEPT tries of each pipeline, newest first, in one JSON file per pipeline. A try is not a job: it
 * never goes to the jobs database, so it is in no Jobs view, review or export.
 */
export class TryStore {
  constructor(private readonly files: TryFiles) {}

  async list(pipelinePath: string): Promise<TryRecord[]> {
    const text = await this.files.read(tryFileName(pipelinePath));
    if (text === undefined) return [];
    try {
      const file = JSON.parse(text) as Partial<TryFile>;
      return Array.isArray(file.tries) ? file.tries : [];
    } catch {
      // A damaged file holds only old tries: start again rather than fail the new one.
      return [];
    }
  }

  /** The newest try of one seed (and chunk), if any. */
  async last(pipelinePath: string, seedIndex: number, chunkIndex?: number): Promise<TryRecord | undefined> {
    return (await this.list(pipelinePath)).find((t) => t.seedIndex === seedIndex && (chunkIndex === undefined || t.chunkIndex === chunkIndex));
  }

  /** Keeps a try (replacing one with its id), dropping the oldest beyond TRIES_KEPT; returns the tries kept. */
  async add(pipelinePath: string, record: TryRecord): Promise<TryRecord[]> {
    const tries = [record, ...(await this.list(pipelinePath)).filter((t) => t.id !== record.id)].slice(0, TRIES_KEPT);
    const file: TryFile = { pipeline: pipelinePath, tries };
    await this.files.write(tryFileName(pipelinePath), JSON.stringify(file));
    return tries;
  }
}
