import { open, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DgfError } from '../errors';
import type { AnswerEntry, BatchFileEntry } from './batchTypes';
import { fileLines } from './textLines';

const STATE_FILE = 'state.json';
const ANSWERS_FILE = 'answers.jsonl';

interface StateFile {
  version: 1;
  jobId: number;
  files: BatchFileEntry[];
}

/** What the job knows about one request. */
export interface RequestState {
  answer?: Extract<AnswerEntry, { ok: unknown }>['ok'];
  /** Errors and misses so far, one per batch that left it unanswered: each one was an attempt. */
  attempts: number;
  failedIn?: Set<string>;
  lastError?: Extract<AnswerEntry, { err: unknown }>['err'];
}

/**
 * A batch job's durable state, in its own folder (`.datagenflow/batches/<db>.job-<id>/`):
 * - `state.json`: every input file of the job, its provider file and batch ids and status. Rewritten whole on each
 *   change (temporary file, fsync, rename), so a crash leaves the old or the new state, never half of one. A file
 *   is recorded (with its name) before it is uploaded, its file id before the batch is created, and its batch id as
 *   soon as the provider gives it; a crash between create and record is healed by finding the batch by its input
 *   file id (see BatchStages), so no request is ever sent twice.
 * - `answers.jsonl`: an append-only log of every answer and every error or miss, fsync'ed after each batch's
 *   results, before the batch is marked collected. Replaying it twice is harmless (the last entry per id wins;
 *   errors count attempts, and an id with an answer is done).
 * - the input JSONL files until their batch is collected.
 */
export class BatchLedger {
  // By unit, then the rest of the custom_id: a recorded unit's answers are dropped at once (see forgetUnit).
  private readonly requests = new Map<string, Map<string, RequestState>>();

  private constructor(
    readonly dir: string,
    private state: StateFile,
  ) {}

  /** `doneUnits`: units already recorded, whose answers are not loaded (memory stays with the pending units). */
  static async open(dir: string, jobId: number, doneUnits?: ReadonlySet<string>): Promise<BatchLedger> {
    await mkdir(dir, { recursive: true });
    let state: StateFile = { version: 1, jobId, files: [] };
    try {
      const parsed = JSON.parse(await readFile(join(dir, STATE_FILE), 'utf8')) as StateFile;
      if (parsed.jobId !== jobId) throw new DgfError('batch-state', `${join(dir, STATE_FILE)} belongs to job ${parsed.jobId}, not job ${jobId}.`);
      state = parsed;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (e instanceof DgfError) throw e;
        throw new DgfError('batch-state', `The batch state of job ${jobId} (${join(dir, STATE_FILE)}) cannot be read: ${(e as Error).message}. It is kept as it is.`);
      }
    }
    const ledger = new BatchLedger(dir, state);
    await ledger.loadAnswers(doneUnits);
    return ledger;
  }

  get files(): readonly BatchFileEntry[] {
    return this.state.files;
  }

  /** The stage the next round of requests belongs to. */
  nextStage(): number {
    return this.state.files.reduce((max, f) => Math.max(max, f.stage), 0) + 1;
  }

  request(id: string): RequestState | undefined {
    const { unit, rest } = splitId(id);
    return this.requests.get(unit)?.get(rest);
  }

  /** The unit is recorded: its answers are no longer needed in memory (they stay in answers.jsonl). */
  forgetUnit(unitKey: string): void {
    this.requests.delete(unitKey);
  }

  async addFiles(entries: readonly BatchFileEntry[]): Promise<void> {
    this.state = { ...this.state, files: [...this.state.files, ...entries] };
    await this.save();
  }

  async update(name: string, patch: Partial<BatchFileEntry>): Promise<BatchFileEntry> {
    const files = this.state.files.map((f) => (f.name === name ? { ...f, ...patch } : f));
    this.state = { ...this.state, files };
    await this.save();
    const entry = files.find((f) => f.name === name);
    if (!entry) throw new DgfError('batch-state', `No batch file ${name} in the job's state.`);
    return entry;
  }

  /** Appends answers and errors durably (one write, one fsync), then counts them. */
  async append(entries: readonly AnswerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const handle = await open(join(this.dir, ANSWERS_FILE), 'a');
    try {
      await handle.writeFile(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (const entry of entries) this.apply(entry);
  }

  /** Removes the job's folder (the job is over and its answers are in its records). */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  private apply(entry: AnswerEntry, doneUnits?: ReadonlySet<string>): void {
    const { unit, rest } = splitId(entry.id);
    if (doneUnits?.has(unit)) return;
    let calls = this.requests.get(unit);
    if (!calls) {
      calls = new Map();
      this.requests.set(unit, calls);
    }
    const state = calls.get(rest) ?? { attempts: 0 };
    if ('ok' in entry) state.answer = entry.ok;
    else if (entry.batch === undefined || !state.failedIn?.has(entry.batch)) {
      state.attempts++;
      state.lastError = entry.err;
      if (entry.batch !== undefined) (state.failedIn ??= new Set()).add(entry.batch);
    }
    calls.set(rest, state);
  }

  /** Read line by line: the log holds every answer of the job, so it may be larger than one string can be. */
  private async loadAnswers(doneUnits?: ReadonlySet<string>): Promise<void> {
    try {
      for await (const line of fileLines(join(this.dir, ANSWERS_FILE))) {
        if (line.trim() === '') continue;
        try {
          this.apply(JSON.parse(line) as AnswerEntry, doneUnits);
        } catch {
          // A line torn by a crash mid-append: its batch is not marked collected, so its results are read again.
        }
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }

  private async save(): Promise<void> {
    const path = join(this.dir, STATE_FILE);
    const temp = `${path}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(this.state, null, 1)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  }
}

function splitId(id: string): { unit: string; rest: string } {
  const slash = id.indexOf('/');
  return slash < 0 ? { unit: id, rest: '' } : { unit: id.slice(0, slash), rest: id.slice(slash + 1) };
}
