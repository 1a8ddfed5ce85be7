import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenUsage } from '../llm/llmTypes';
import { canonicalJson } from './requestKey';

/** An answer as stored: what the block needs back, and the usage it cost (for "cost saved"). Never a request's key. */
export type StoredAnswer =
  | { kind: 'chat'; content: string; usage: TokenUsage }
  | { kind: 'embed'; vectors: number[][]; usage: TokenUsage };

interface AnswerFile {
  key: string;
  /** sha256 of the answer's canonical JSON: a file that does not match is a miss, never a wrong answer. */
  sum: string;
  answer: StoredAnswer;
}

/** Evicting goes down to this share of the limit, so a full cache does not evict on every write. */
const EVICT_TO = 0.8;

/**
 * Answers as content-addressed files, `<dir>/<first two hex digits>/<key>.json`: a lookup reads one small file,
 * nothing is loaded up front. A file is written to a temporary name and renamed, and carries its key and a
 * checksum, so a torn or foreign file reads as a miss. A read touches the file: the limit evicts the least
 * recently used answers first.
 */
export class ResponseStore {
  private used: Promise<number> | undefined;
  private evicting: Promise<void> | undefined;

  constructor(
    readonly dir: string,
    private readonly maxBytes: number,
    private readonly onWarning: (message: string) => void = () => undefined,
  ) {}

  async get(key: string): Promise<StoredAnswer | undefined> {
    const path = this.pathOf(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    const answer = parseAnswerFile(text, key);
    if (answer) {
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined); // recency only orders eviction
    }
    return answer;
  }

  /** Stores an answer; a failure to write (disk full, read-only folder) is a warning, never the unit's failure. */
  async put(key: string, answer: StoredAnswer): Promise<void> {
    if (this.maxBytes <= 0) return;
    const file: AnswerFile = { key, sum: checksum(answer), answer };
    const text = JSON.stringify(file);
    const path = this.pathOf(key);
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    // What the folder held before this instance wrote: counted once, before its first write.
    this.used ??= totalBytes(this.dir);
    await this.used;
    try {
      await mkdir(join(this.dir, key.slice(0, 2)), { recursive: true });
      await writeFile(temp, text);
      await rename(temp, path);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      this.onWarning(`Could not store an answer in ${this.dir}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const bytes = Buffer.byteLength(text);
    this.used = this.used.then((n) => n + bytes);
    if ((await this.used) > this.maxBytes) await this.evict();
  }

  private evict(): Promise<void> {
    this.evicting ??= (async () => {
      try {
        const files = (await answerFiles(this.dir)).sort((a, b) => a.mtimeMs - b.mtimeMs);
        let total = files.reduce((n, f) => n + f.size, 0);
        for (const file of files) {
          if (total <= this.maxBytes * EVICT_TO) break;
          await unlink(file.path).catch(() => undefined);
          total -= file.size;
        }
        this.used = Promise.resolve(total);
      } finally {
        this.evicting = undefined;
      }
    })();
    return this.evicting;
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}

function parseAnswerFile(text: string, key: string): StoredAnswer | undefined {
  try {
    const file = JSON.parse(text) as Partial<AnswerFile>;
    if (file.key !== key || !file.answer || file.sum !== checksum(file.answer)) return undefined;
    return file.answer;
  } catch {
    return undefined;
  }
}

function checksum(answer: StoredAnswer): string {
  return createHash('sha256').update(canonicalJson(answer)).digest('hex');
}

interface AnswerFileInfo {
  path: string;
  size: number;
  mtimeMs: number;
}

/** Every stored answer's size and age (a shard at a time; temporary files of unfinished writes are left out). */
async function answerFiles(dir: string): Promise<AnswerFileInfo[]> {
  const out: AnswerFileInfo[] = [];
  let shards: string[];
  try {
    shards = await readdir(dir);
  } catch {
    return out;
  }
  for (const shard of shards) {
    let names: string[];
    try {
      names = await readdir(join(dir, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const path = join(dir, shard, name);
      const info = await stat(path).catch(() => undefined);
      if (info) out.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    }
  }
  return out;
}

async function totalBytes(dir: string): Promise<number> {
  return (await answerFiles(dir)).reduce((n, f) => n + f.size, 0);
}

/** What the cache folder holds. */
export async function responseCacheSize(dir: string): Promise<{ answers: number; bytes: number }> {
  const files = await answerFiles(dir);
  return { answers: files.length, bytes: files.reduce((n, f) => n + f.size, 0) };
}

/** Deletes every stored answer; returns what there was. */
export async function clearResponseCache(dir: string): Promise<{ answers: number; bytes: number }> {
  const size = await responseCacheSize(dir);
  await rm(dir, { recursive: true, force: true });
  return size;
}
