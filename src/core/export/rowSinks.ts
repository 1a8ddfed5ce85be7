import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ParquetSchema } from '@dsnp/parquetjs/dist/lib/schema';
import { ParquetWriter } from '@dsnp/parquetjs/dist/lib/writer';
import { temporaryPath } from '../store/exportJsonl';
import type { JsonObject } from '../store/storeTypes';
import type { ColumnType } from './columnTypes';
import { parquetSchema, parquetValue } from './parquetSchema';

/** Where mapped rows go: written to a temporary file beside the target, renamed into place by commit. */
export interface RowSink {
  write(row: JsonObject): Promise<void>;
  /** Completes the file and moves it to its target. */
  commit(): Promise<void>;
  /** Removes the temporary file; the target is left as it was. */
  abort(): Promise<void>;
}

/** Bytes of text collected before one write to the file. */
const FLUSH_BYTES = 256 * 1024;

class TextSink implements RowSink {
  private pending: string[] = [];
  private pendingBytes = 0;

  private constructor(
    private readonly target: string,
    private readonly file: FileHandle,
    private readonly line: (row: JsonObject) => string,
  ) {}

  static async open(target: string, line: (row: JsonObject) => string, header = ''): Promise<TextSink> {
    await mkdir(dirname(target), { recursive: true });
    const sink = new TextSink(target, await open(temporaryPath(target), 'w'), line);
    if (header) sink.push(header);
    return sink;
  }

  async write(row: JsonObject): Promise<void> {
    this.push(this.line(row));
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.file.sync();
    await this.file.close();
    await rename(temporaryPath(this.target), this.target);
  }

  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined);
    await rm(temporaryPath(this.target), { force: true });
  }

  private push(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    await this.file.write(text, null, 'utf8');
  }
}

/** One JSON object per line, newline-terminated. */
export function openJsonLinesSink(target: string): Promise<RowSink> {
  return TextSink.open(target, (row) => `${JSON.stringify(row)}\n`);
}

/** RFC 4180 CSV with a header row; objects and lists as JSON text, booleans as true/false, null as an empty cell. */
export function openCsvSink(target: string, columns: readonly string[]): Promise<RowSink> {
  const header = stringify([columns]);
  return TextSink.open(target, (row) => csvLine(columns, row), header);
}

/** One CSV row (newline-terminated) of `row`'s values in `columns` order. */
export function csvLine(columns: readonly string[], row: JsonObject): string {
  return stringify([columns.map((c) => csvCell(row[c]))]);
}

/** A CSV cell: objects and lists as JSON text, null as empty. */
function csvCell(value: unknown): string | number {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return value;
  // csv-stringify would write true/false as 1 and an empty cell.
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Parquet rows written a row group at a time (bounded memory), columns typed beforehand by TableTypes. */
export async function openParquetSink(target: string, columns: ReadonlyMap<string, ColumnType>, rowGroupSize: number): Promise<RowSink> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = temporaryPath(target);
  const writer = await quietly(() => ParquetWriter.openFile(new ParquetSchema(parquetSchema(columns)), tmp, { rowGroupSize }));
  let closed = false;
  return {
    async write(row) {
      const out: Record<string, unknown> = {};
      for (const [name, type] of columns) {
        const value = parquetValue(row[name], type);
        if (value !== undefined) out[name] = value;
      }
      await writer.appendRow(out);
    },
    async commit() {
      closed = true;
      await writer.close();
      await rename(tmp, target);
    },
    async abort() {
      if (!closed) await writer.close().catch(() => undefined);
      closed = true;
      await rm(tmp, { force: true });
    },
  };
}

/**
 * The Parquet writer's dependencies (node-int64, thrift) call the deprecated `Buffer()` constructor. Node warns about
 * that once per process, and only when the caller is outside node_modules, which is what a bundle looks like: the
 * CLI would print a DeprecationWarning on every Parquet export. The warning is emitted (and marked as done) at the
 * first such call, which the writer makes while opening, so it is silenced for that moment only.
 */
async function quietly<T>(open: () => Promise<T>): Promise<T> {
  const before = process.noDeprecation;
  process.noDeprecation = true;
  try {
    return await open();
  } finally {
    process.noDeprecation = before;
  }
}
