import { open } from 'node:fs/promises';
import type { Database, SqlJsStatic } from 'sql.js';
import type { ApplyOp, Migration, StoreOp } from '../opLog';
import { isNoEntry, keepAside, moveAside, replaceFileDurably } from './durableFiles';
import { StoreNotDatabaseError } from './durableErrors';
import type { RecoveredFile, SkippedBatch } from './durableOptions';
import { foreignTables } from './existingFileCheck';
import { scanJournal } from './journalFormat';
import { JournalReplay } from './journalReplay';
import { migrate } from './migrate';
import { readSnapshot } from './snapshotFile';

export interface LoadOptions<Op extends StoreOp> {
  path: string;
  journalPath: string;
  migrations: readonly Migration[];
  apply: ApplyOp<Op>;
  prepareConnection?: (db: Database) => void;
  /** Read-only: nothing on disk is changed, problems are only reported. */
  readOnly: boolean;
  /** A snapshot that is not ours (corrupt, another program's SQLite) throws StoreNotDatabaseError instead of being kept aside. */
  refuseForeign?: boolean;
  now: () => Date;
}

export interface LoadedState {
  db: Database;
  /** Seq stored in the snapshot's `_journal_state`. */
  snapshotSeq: number;
  snapshotBytes: number;
  /** Last seq applied to `db` (snapshot + replay). */
  appliedSeq: number;
  /** Length of the journal's good prefix. */
  journalBytes: number;
  recovered: RecoveredFile[];
  skipped: SkippedBatch[];
  replayed: number;
  /** The file at `path` should be (re)written: missing, set aside, or migrated. */
  needsSnapshot: boolean;
}

/** Loads snapshot, runs migrations, replays the journal. Throws StoreVersionError before touching any file. */
export async function loadState<Op extends StoreOp>(SQL: SqlJsStatic, o: LoadOptions<Op>): Promise<LoadedState> {
  const recovered: RecoveredFile[] = [];
  const snapshot = await readSnapshot(SQL, o.path);
  let db: Database;
  if (snapshot.kind === 'corrupt' && o.refuseForeign) throw new StoreNotDatabaseError(o.path, snapshot.reason);
  if (snapshot.kind === 'ok') {
    db = snapshot.db;
    const tables = o.refuseForeign ? foreignTables(db) : undefined;
    if (tables) {
      db.close();
      throw new StoreNotDatabaseError(o.path, `it is a SQLite database of another program, with tables ${tables.slice(0, 5).join(', ')}`);
    }
  } else {
    db = new SQL.Database();
    if (snapshot.kind === 'corrupt') {
      const movedTo = o.readOnly ? '' : await moveAside(o.path, o.now());
      recovered.push({ file: o.path, movedTo, reason: `${snapshot.reason}; ${movedTo ? 'started from an empty database' : 'left in place (opened read-only)'}` });
    }
  }
  try {
    o.prepareConnection?.(db);
    const from = migrate(db, o.migrations, o.path);
    const snapshotSeq = journalState(db);
    const journal = await readJournal(o.journalPath);
    // Each line is applied as soon as it is read, in transactions shared by consecutive batches (a savepoint each;
    // see JournalReplay, which keeps the batches of its open transaction only): the parsed ops of a long journal
    // (after a crash, up to a quarter of the snapshot's size by default) are never all in memory at once.
    const replay = new JournalReplay(db, o.apply);
    const scan = scanJournal(journal, snapshotSeq, (batch) => replay.add(batch));
    replay.finish();
    const { skipped, replayed } = replay;
    if (scan.problem) {
      const { line, reason, linesKept, linesLost } = scan.problem;
      let movedTo = '';
      if (!o.readOnly) {
        // Keep the whole file aside, then replace the journal by its good prefix (those lines are applied now).
        movedTo = await keepAside(o.journalPath, o.now());
        await replaceFileDurably(o.journalPath, journal.subarray(0, scan.validBytes));
      }
      const where = movedTo ? '' : '; left in place (opened read-only)';
      recovered.push({ file: o.journalPath, movedTo, reason: `line ${line}: ${reason}; kept ${linesKept} line(s), ${linesLost} line(s) from it on were not applied${where}` });
    }
    return {
      db,
      snapshotSeq,
      snapshotBytes: snapshot.kind === 'ok' ? snapshot.bytes : 0,
      appliedSeq: scan.lastSeq,
      journalBytes: scan.validBytes,
      recovered,
      skipped,
      replayed,
      needsSnapshot: snapshot.kind !== 'ok' || from < o.migrations.length,
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The seq up to which the journal is contained in this database; the table is created when missing. */
function journalState(db: Database): number {
  db.run('CREATE TABLE IF NOT EXISTS _journal_state (seq INTEGER NOT NULL)');
  db.run('INSERT INTO _journal_state (seq) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM _journal_state)');
  return Number(db.exec('SELECT max(seq) FROM _journal_state')[0]?.values[0]?.[0] ?? 0);
}

export function setJournalState(db: Database, seq: number): void {
  db.run('UPDATE _journal_state SET seq = ?', [seq]);
}

/** The journal from byte `from` on (empty when the file does not exist). */
export async function readJournal(file: string, from = 0): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isNoEntry(error)) return Buffer.alloc(0);
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const data = Buffer.alloc(Math.max(0, size - from));
    let done = 0;
    while (done < data.length) {
      const { bytesRead } = await handle.read(data, done, data.length - done, from + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return data.subarray(0, done);
  } finally {
    await handle.close();
  }
}
