import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResultSink, UnitResult } from '../core/records/unitResult';
import { blockOutputs } from '../core/records/blockOutputs';
import type { RecordDetail } from '../core/store/storeTypes';

/**
 * The JSONL file of `run --out`: one line per unit, appended and flushed before the unit is acknowledged, so
 * Ctrl+C or a kill keeps them. Lines carry the database job's id (the job the file belongs to).
 */
export class JsonlSink {
  private queue: Promise<void> = Promise.resolve();

  private constructor(private readonly file: FileHandle) {}

  static async open(path: string): Promise<JsonlSink> {
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a+');
    const { size } = await file.stat();
    if (size > 0) {
      // A line cut short by a kill stays as it is, but the next line must start on a line of its own.
      const last = Buffer.alloc(1);
      await file.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) await file.appendFile('\n', 'utf8');
    }
    return new JsonlSink(file);
  }

  /** Where the runner writes the job's results (after the database has them). */
  forJob(jobId: number): ResultSink {
    return { write: (result) => this.append(resultLine(result, jobId)) };
  }

  /** A record the database holds but the file lacks (the process was killed between the two writes). */
  writeRecord(record: RecordDetail): Promise<void> {
    return this.append(recordLine(record));
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.sync();
    await this.file.close();
  }

  private append(line: object): Promise<void> {
    // Appends are serialised so lines never interleave; each resolves once its bytes reached the file.
    const text = `${JSON.stringify(line)}\n`;
    const done = this.queue.then(() => this.file.appendFile(text, 'utf8'));
    this.queue = done.catch(() => undefined);
    return done;
  }
}

function resultLine(r: UnitResult, jobId: number) {
  return {
    id: r.key,
    job_id: jobId,
    status: r.status === 'succeeded' ? 'pending' : 'failed',
    metadata: r.metadata,
    accumulated_state: r.output ? blockOutputs(r.output, r.metadata) : null,
    error: r.error?.message ?? null,
    trace: r.trace,
    usage: r.usage,
    created_at: new Date(Date.parse(r.startedAt) + r.durationMs).toISOString(),
  };
}

function recordLine(r: RecordDetail) {
  const output = r.originalOutput ?? r.output;
  return {
    id: r.unitKey,
    job_id: r.jobId,
    status: r.status === 'failed' ? 'failed' : 'pending',
    metadata: r.metadata,
    accumulated_state: output ? blockOutputs(output, r.metadata) : null,
    error: r.error,
    trace: r.trace,
    usage: r.usage,
    created_at: r.createdAt,
  };
}

/** What an existing output file holds: whether it has any content, and the keys of units that succeeded in it. */
export interface JsonlContent {
  nonEmpty: boolean;
  succeeded: Set<string>;
}

export async function readJsonlContent(path: string): Promise<JsonlContent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { nonEmpty: false, succeeded: new Set() };
  }
  const succeeded = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const rec = JSON.parse(line) as { id?: unknown; status?: unknown };
      if (typeof rec.id === 'string' && rec.status !== 'failed') succeeded.add(rec.id);
    } catch {
      // A line cut short by a kill: that unit's record comes from the database again.
    }
  }
  return { nonEmpty: text.trim() !== '', succeeded };
}
