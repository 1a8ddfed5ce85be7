import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ResultSink, UnitResult } from '../core/run/runTypes';
import { blockOutputs } from '../core/store/exportJsonl';

/** One line per unit. Records are appended and flushed before being acknowledged, so Ctrl+C or a kill keeps them. */
export class JsonlSink implements ResultSink {
  private constructor(
    private readonly file: FileHandle,
    private readonly jobId: string,
  ) {}

  static async open(path: string, jobId: string): Promise<JsonlSink> {
    await mkdir(dirname(path), { recursive: true });
    return new JsonlSink(await open(path, 'a'), jobId);
  }

  private queue: Promise<void> = Promise.resolve();

  write(result: UnitResult): Promise<void> {
    // Appends are serialised so lines never interleave; each resolves once its bytes reached the file.
    const line = `${JSON.stringify(toLine(result, this.jobId))}\n`;
    const done = this.queue.then(() => this.file.appendFile(line, 'utf8'));
    this.queue = done.catch(() => undefined);
    return done;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.file.sync();
    await this.file.close();
  }
}

function toLine(r: UnitResult, jobId: string) {
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

/** Keys of units that already succeeded in an existing output file (for --resume). */
export async function succeededKeys(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return new Set();
  }
  const keys = new Set<string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const rec = JSON.parse(line) as { id?: unknown; status?: unknown };
      if (typeof rec.id === 'string' && rec.status !== 'failed') keys.add(rec.id);
    } catch {
      // A line cut short by a kill: that unit simply runs again.
    }
  }
  return keys;
}
