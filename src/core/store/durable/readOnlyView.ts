import { stat } from 'node:fs/promises';
import type { SqlJsStatic } from 'sql.js';
import type { StoreOp } from '../opLog';
import { isNoEntry } from './durableFiles';
import { scanJournal } from './journalFormat';
import { JournalReplay } from './journalReplay';
import { loadState, readJournal, type LoadedState, type LoadOptions } from './loadState';

/** What tells a read-only instance that the writer changed a file: a rename gives a new inode, an append a new size. */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export async function fileIdentity(file: string): Promise<FileIdentity | undefined> {
  try {
    const { ino, size, mtimeMs } = await stat(file);
    return { ino, size, mtimeMs };
  } catch (error) {
    if (isNoEntry(error)) return undefined;
    throw error;
  }
}

function same(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a?.ino === b?.ino && a?.size === b?.size && a?.mtimeMs === b?.mtimeMs;
}

const ATTEMPTS = 3;
const RETRY_MS = 50;

/**
 * Loads without changing any file. The writer may replace the snapshot and cut the journal between our two reads,
 * which looks like a journal that does not follow the snapshot: read again before reporting a problem.
 */
export async function loadReadOnly<Op extends StoreOp>(SQL: SqlJsStatic, options: LoadOptions<Op>): Promise<LoadedState> {
  for (let attempt = 1; ; attempt++) {
    const state = await loadState(SQL, { ...options, readOnly: true });
    if (state.recovered.length === 0 || attempt === ATTEMPTS) return state;
    state.db.close();
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

/**
 * Applies the lines the writer appended since the last look, when only the journal grew. Returns whether
 * anything changed, or 'reload' when the snapshot or the journal was replaced (or the new bytes do not follow).
 */
export async function refreshJournal<Op extends StoreOp>(
  state: LoadedState,
  options: LoadOptions<Op>,
  seen: { snapshot?: FileIdentity; journal?: FileIdentity },
  snapshot: FileIdentity | undefined,
  journal: FileIdentity | undefined,
): Promise<boolean | 'reload'> {
  if (!same(snapshot, seen.snapshot)) return 'reload';
  if (same(journal, seen.journal)) return false;
  if (!journal || journal.ino !== seen.journal?.ino || journal.size < state.journalBytes) return 'reload';
  const scan = scanJournal(await readJournal(options.journalPath, state.journalBytes), state.appliedSeq);
  if (scan.problem) return 'reload';
  const replay = new JournalReplay(state.db, options.apply);
  for (const batch of scan.batches) replay.add(batch);
  replay.finish();
  state.skipped.push(...replay.skipped);
  state.appliedSeq = scan.lastSeq;
  state.journalBytes += scan.validBytes;
  return scan.batches.length > 0;
}
