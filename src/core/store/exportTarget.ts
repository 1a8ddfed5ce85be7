import { open, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { DgfError } from '../errors';

/**
 * What may already be at an export's target path. 'previous-export': nothing, an empty file or an earlier export
 * (its first line is one of our records); 'any': whatever is there (the user confirmed the overwrite, e.g. in VS
 * Code's save dialog, or passed --force). The database, its journal and lock are refused either way.
 */
export type ExportOverwrite = 'previous-export' | 'any';

/** The export target is a file DataGenFlow must not replace; nothing was written. */
export class ExportTargetError extends DgfError {
  constructor(
    readonly file: string,
    readonly reason: 'database' | 'not-an-export' | 'folder',
    message: string,
  ) {
    super(`export-target-${reason}`, message);
  }
}

const RECORD_KEYS = ['id', 'metadata', 'status', 'accumulated_state', 'created_at', 'updated_at'] as const;
const STATUSES = new Set(['pending', 'accepted', 'rejected', 'failed']);
/** A first line longer than this is not looked at further: the file is not taken for an export. */
const MAX_FIRST_LINE_BYTES = 4 * 1024 * 1024;

/** The files of the database at `databasePath`: the snapshot, its journal, lock and check file, and the snapshot's temporary file. */
export function databaseFiles(databasePath: string): string[] {
  const db = resolve(databasePath);
  return [db, `${db}-journal.jsonl`, `${db}.lock`, `${db}.tmp`, `${db}.check`];
}

/**
 * Throws ExportTargetError when writing an export to `outPath` would destroy what DataGenFlow did not write there:
 * a database file (compared by path and, for existing files, by identity, so links and other spellings count),
 * a folder, or — unless `overwrite` is 'any' — an existing file that is not an earlier export.
 */
export async function checkExportTarget(outPath: string, options: { databases?: readonly string[]; overwrite?: ExportOverwrite }): Promise<void> {
  const target = resolve(outPath);
  const info = await stat(target).catch(() => undefined);
  for (const database of options.databases ?? []) {
    const payloads = `${resolve(database)}-records${sep}`;
    if (target.startsWith(payloads)) {
      throw new ExportTargetError(outPath, 'database', `Not exported: ${outPath} is in the record data folder of the DataGenFlow database ${database}; writing there would destroy its records. Choose another file for the export (this is refused even with --force).`);
    }
    for (const file of databaseFiles(database)) {
      const other = info ? await stat(file).catch(() => undefined) : undefined;
      if (file === target || (info && other && other.ino === info.ino && other.dev === info.dev)) {
        throw new ExportTargetError(
          outPath,
          'database',
          `Not exported: ${outPath} is ${file === resolve(database) ? 'a DataGenFlow database' : `a file of the DataGenFlow database ${database}`}; writing there would destroy its jobs. Choose another file for the export (this is refused even with --force).`,
        );
      }
    }
  }
  if (!info) return;
  if (info.isDirectory()) throw new ExportTargetError(outPath, 'folder', `Not exported: ${outPath} is a folder. Choose a file name, e.g. ${outPath}/export.jsonl.`);
  if (options.overwrite === 'any' || info.size === 0) return;
  if (!(await looksLikeExport(target))) {
    throw new ExportTargetError(
      outPath,
      'not-an-export',
      `Not exported: ${outPath} already exists and is not an earlier DataGenFlow export; it was left untouched. Choose another --out file, or add --force to replace it.`,
    );
  }
}

/** Whether the file's first line is a record as exportJsonl writes it. */
async function looksLikeExport(file: string): Promise<boolean> {
  const line = await readFirstLine(file);
  return line !== undefined && isExportRecord(line);
}

/**
 * The first line of a file (without its newline; the whole file when it has none), read in chunks; undefined when
 * it is longer than MAX_FIRST_LINE_BYTES (such a file is not taken for an export).
 */
export async function readFirstLine(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, read);
      if (bytesRead === 0) break;
      const part = chunk.subarray(0, bytesRead);
      const newline = part.indexOf(0x0a);
      chunks.push(newline < 0 ? part : part.subarray(0, newline));
      read += bytesRead;
      if (newline >= 0) break;
      if (read > MAX_FIRST_LINE_BYTES) return undefined;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

function isExportRecord(line: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (!RECORD_KEYS.every((key) => Object.hasOwn(record, key))) return false;
  return typeof record.id === 'number' && typeof record.status === 'string' && STATUSES.has(record.status) && typeof record.metadata === 'object' && record.metadata !== null;
}
