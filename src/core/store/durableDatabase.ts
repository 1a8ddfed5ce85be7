import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { replaceFileDurably } from './durable/durableFiles';
import { writeSnapshotCheck } from './durable/snapshotFile';
import { releaseBuffer } from './durable/releaseBuffer';
import { fileIdentity, loadReadOnly, refreshJournal, type FileIdentity } from './durable/readOnlyView';
import { GroupCommitter, Mutex, type PendingCommit } from './durable/groupCommit';
import { encodeBatch } from './durable/journalFormat';
import { JournalWriter } from './durable/journalFile';
import { JournalReplay } from './durable/journalReplay';
import { loadState, setJournalState, type LoadedState, type LoadOptions } from './durable/loadState';
import { acquireLock, lockOwner, type HeldLock } from './durable/lockFile';
import { messageOf, StoreApplyError, StoreClosedError, StoreReadOnlyError, storeAccessError } from './durable/durableErrors';
import { checkExistingIsDatabase } from './durable/existingFileCheck';
import { DEFAULT_SNAPSHOT_POLICY, type DurableOpenOptions, type DurableStats, type RecoveredFile, type SkippedBatch } from './durable/durableOptions';
import type { CommitOptions, LockOwner, OpLog, StoreOp } from './opLog';
import type { PayloadStore } from './payload/payloadStore';
import { loadSqlJs } from './sqlJs';

export type { DurableOpenOptions, DurableStats, RecoveredFile, SkippedBatch, SnapshotPolicy } from './durable/durableOptions';
export { DEFAULT_SNAPSHOT_POLICY } from './durable/durableOptions';

export interface DurableOpenResult<Op extends StoreOp> {
  database: DurableDatabase<Op>;
  readOnly: boolean;
  /** The live writer when opened read-only. */
  lockedBy?: LockOwner;
  /** A lock left by a dead process on this host, taken over. */
  staleLock?: LockOwner;
  /** Files that could not be used, moved aside (never overwritten). */
  recovered: RecoveredFile[];
  /** Durable batches whose `apply` threw on replay: skipped, as they were when first committed. */
  skipped: SkippedBatch[];
  /** Number of ops replayed from the journal. */
  replayed: number;
}

/**
 * A sql.js database made durable by a journal: each commit is appended (one JSON line per batch) and fdatasync'd,
 * then applied in memory; a full snapshot (`export()`, temp file, rename) is written only when the journal has
 * grown past a fraction of the snapshot, at open after a migration or recovery, and at close. On open the
 * snapshot is loaded and the journal lines newer than it are replayed (consecutive batches share a transaction, a
 * savepoint each: see JournalReplay). Cost per commit does not depend on the database size; the amortized snapshot
 * cost per byte committed is constant.
 *
 * Contract for `apply` and ops:
 * - `apply` runs inside the batch's transaction: it must not BEGIN/COMMIT itself (SAVEPOINT is fine).
 * - One that throws on a durable batch is a bug: that commit rejects with StoreApplyError, the batch is rolled
 *   back, later batches go on, and replay skips the batch the same way (reported in `skipped`).
 * - Journal lines are replayed after the migrations, so `apply` must accept ops written by older versions.
 * - The ops applied live are the JSON round trip of those given, exactly what replay will see.
 * The snapshot holds one internal table, `_journal_state(seq)`: the last journal seq it contains.
 */
/**
 * How long a record write waits for others to share its flush: concurrent runner workers finish units a few ms
 * apart, and one fdatasync + transaction for several records costs about half as much CPU per record as one each.
 * Other commits (review decisions, job changes: `gather` false) flush at once, or with the flush in progress.
 */
const GROUP_GATHER_MS = 2;

export class DurableDatabase<Op extends StoreOp> implements OpLog<Op> {
  readonly journalPath: string;
  private closed = false;
  private flushes = 0;
  private snapshots = 0;
  private readonly committer = new GroupCommitter((group) => this.flushGroup(group), GROUP_GATHER_MS);
  /** Serializes journal appends and the journal cut after a snapshot. */
  private readonly journalMutex = new Mutex();
  private snapshotChain: Promise<unknown> = Promise.resolve();
  private autoSnapshotQueued = false;
  private retrySnapshotAtBytes = 0;

  private constructor(
    readonly path: string,
    private state: LoadedState,
    private readonly options: LoadOptions<Op> & { minJournalBytes: number; ratio: number; onWarning?: DurableOpenOptions<Op>['onWarning']; payloads?: PayloadStore },
    private readonly SQL: SqlJsStatic,
    private readonly journal: JournalWriter | undefined,
    private readonly lock: HeldLock | undefined,
    readonly lockedBy: LockOwner | undefined,
    private seen: { snapshot?: FileIdentity; journal?: FileIdentity },
  ) {
    this.journalPath = options.journalPath;
  }

  static async open<Op extends StoreOp>(options: DurableOpenOptions<Op>): Promise<DurableOpenResult<Op>> {
    const SQL = await loadSqlJs();
    const now = options.now ?? (() => new Date());
    const lockPath = `${options.path}.lock`;
    let lock: HeldLock | undefined;
    let lockedBy: LockOwner | undefined;
    let staleLock: LockOwner | undefined;
    const refuseForeign = options.existingNonDatabase === 'refuse';
    try {
      // Before the lock file or any folder is created next to it.
      if (refuseForeign) await checkExistingIsDatabase(options.path);
      if (options.readOnly) lockedBy = await lockOwner(lockPath);
      else {
        await mkdir(dirname(options.path), { recursive: true });
        const attempt = await acquireLock(lockPath, { pid: process.pid, hostname: hostname(), since: now().toISOString(), holder: options.holder });
        if (attempt.kind === 'held') lockedBy = attempt.owner;
        else ({ lock, staleOwner: staleLock } = attempt);
      }
    } catch (error) {
      throw storeAccessError(options.path, error) ?? error;
    }
    const readOnly = lock === undefined;
    const load = {
      path: options.path,
      journalPath: `${options.path}-journal.jsonl`,
      migrations: options.migrations,
      apply: options.apply,
      prepareConnection: options.prepareConnection,
      readOnly,
      refuseForeign,
      now,
      minJournalBytes: options.snapshotPolicy?.minJournalBytes ?? DEFAULT_SNAPSHOT_POLICY.minJournalBytes,
      ratio: options.snapshotPolicy?.journalToSnapshotRatio ?? DEFAULT_SNAPSHOT_POLICY.journalToSnapshotRatio,
      onWarning: options.onWarning,
      payloads: options.payloads,
    };
    let journal: JournalWriter | undefined;
    try {
      const seen = readOnly ? { snapshot: await fileIdentity(load.path), journal: await fileIdentity(load.journalPath) } : {};
      const state = readOnly ? await loadReadOnly(SQL, load) : await loadState(SQL, load);
      if (!readOnly) journal = await JournalWriter.open(load.journalPath, state.journalBytes);
      const database = new DurableDatabase(options.path, state, load, SQL, journal, lock, lockedBy, seen);
      if (!readOnly && state.needsSnapshot) await database.queueSnapshot(true);
      const { recovered, skipped, replayed } = state;
      return { database, readOnly, lockedBy, staleLock, recovered, skipped, replayed };
    } catch (error) {
      await journal?.close().catch(() => undefined);
      await lock?.release();
      throw storeAccessError(options.path, error) ?? error;
    }
  }

  /** The in-memory database, for queries. A read-only instance gets a new one when `refresh()` reloads. */
  get db(): Database {
    return this.state.db;
  }

  get readOnly(): boolean {
    return this.journal === undefined;
  }

  get stats(): DurableStats {
    const { snapshotBytes, appliedSeq, snapshotSeq, journalBytes } = this.state;
    return { flushes: this.flushes, datasyncs: this.journal?.datasyncs ?? 0, snapshots: this.snapshots, journalBytes, snapshotBytes, appliedSeq, snapshotSeq };
  }

  /** Record payloads beside the database (see DurableOpenOptions.payloads). */
  get payloads(): PayloadStore | undefined {
    return this.options.payloads;
  }

  commit(ops: Op[], options: CommitOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError(this.path));
    if (!this.journal) return Promise.reject(new StoreReadOnlyError(this.path, this.lockedBy));
    let opsJson: string;
    try {
      opsJson = JSON.stringify(ops);
    } catch (error) {
      return Promise.reject(new TypeError(`Database ${this.path}: operations must be plain JSON (${messageOf(error)})`));
    }
    return this.committer.enqueue(opsJson, options.gather ?? false);
  }

  /**
   * Rewrites the database without its free pages (VACUUM, e.g. after payloads moved out of it) and snapshots it.
   * VACUUM changes no row, so the journal needs no line for it.
   */
  async compact(): Promise<void> {
    if (this.closed) throw new StoreClosedError(this.path);
    if (!this.journal) throw new StoreReadOnlyError(this.path, this.lockedBy);
    await this.committer.idle();
    this.state.db.exec('VACUUM');
    await this.queueSnapshot(true);
  }

  /** Writes a snapshot now (after any running one). Resolves false when there was nothing new to write. */
  snapshot(): Promise<boolean> {
    if (this.closed) return Promise.reject(new StoreClosedError(this.path));
    if (!this.journal) return Promise.reject(new StoreReadOnlyError(this.path, this.lockedBy));
    return this.queueSnapshot(false);
  }

  /**
   * Read-only instances: reloads when the writer changed the files (new journal lines are applied incrementally,
   * a new snapshot reloads everything; read `db` again then). Resolves whether anything changed.
   */
  async refresh(): Promise<boolean> {
    if (this.journal || this.closed) return false;
    const snapshot = await fileIdentity(this.path);
    const journal = await fileIdentity(this.journalPath);
    const incremental = await refreshJournal(this.state, this.options, this.seen, snapshot, journal);
    if (incremental !== 'reload') {
      this.seen = { snapshot, journal };
      return incremental;
    }
    const state = await loadReadOnly(this.SQL, this.options);
    this.state.db.close();
    this.state = state;
    this.seen = { snapshot, journal };
    return true;
  }

  /** Flushes pending commits, snapshots when the journal is not empty, releases the lock and the memory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.journal) {
        await this.committer.idle();
        await this.snapshotChain;
        if (this.state.journalBytes > 0 || this.state.appliedSeq !== this.state.snapshotSeq) await this.writeSnapshot(false);
      }
    } finally {
      await this.journal?.close().catch(() => undefined);
      await this.options.payloads?.close().catch(() => undefined);
      this.state.db.close();
      await this.lock?.release();
    }
  }

  /** One append + one fdatasync for the group, then each batch applied in order in its own transaction. */
  private async flushGroup(group: PendingCommit[]): Promise<void> {
    const journal = this.journal as JournalWriter;
    await this.journalMutex.run(async () => {
      let seq = this.state.appliedSeq;
      // An empty commit writes nothing; it resolves with its group (a barrier for earlier commits).
      const numbered = group.map((call) => ({ call, seq: call.opsJson === '[]' ? 0 : ++seq }));
      const lines = numbered.filter((n) => n.seq > 0).map((n) => encodeBatch(n.seq, n.call.opsJson));
      if (lines.length > 0) {
        try {
          // Payloads first: a journal line never points at bytes a crash could lose.
          await this.options.payloads?.sync();
          await journal.append(Buffer.concat(lines));
        } catch (error) {
          for (const { call } of numbered) call.reject(error);
          return;
        }
        this.flushes++;
      }
      // From here on synchronous, so a snapshot always sees applied seq and journal length that match. The group's
      // batches share one transaction, a savepoint each, exactly as replay applies them (JournalReplay): a batch
      // whose apply throws is rolled back alone, and each page SQLite changes is written once per group.
      const errors = new Map<number, unknown>();
      const replay = new JournalReplay(this.state.db, this.options.apply, Number.POSITIVE_INFINITY, (batch, error) => errors.set(batch.seq, error));
      // The ops parsed back from the journal text, so live state equals replayed state exactly.
      for (const { call, seq: batchSeq } of numbered) if (batchSeq > 0) replay.add({ seq: batchSeq, ops: JSON.parse(call.opsJson) as unknown[] });
      replay.finish();
      for (const { call, seq: batchSeq } of numbered) {
        const error = errors.get(batchSeq);
        if (error === undefined) call.resolve();
        else call.reject(new StoreApplyError(this.path, batchSeq, error));
      }
      this.state.appliedSeq = seq;
      this.state.journalBytes = journal.bytes;
    });
    this.maybeSnapshot();
  }

  private maybeSnapshot(): void {
    if (this.closed || this.autoSnapshotQueued) return;
    const threshold = Math.max(this.options.minJournalBytes, this.options.ratio * this.state.snapshotBytes);
    if (this.state.journalBytes < Math.max(threshold, this.retrySnapshotAtBytes)) return;
    this.autoSnapshotQueued = true;
    this.queueSnapshot(false)
      .then(() => (this.retrySnapshotAtBytes = 0))
      .catch((error: unknown) => {
        // Commits stay durable in the journal; try again once it has grown by another threshold.
        this.retrySnapshotAtBytes = this.state.journalBytes + threshold;
        this.options.onWarning?.(`Database ${this.path}: automatic snapshot failed (${messageOf(error)}); the journal keeps every change and it will be retried.`, error);
      })
      .finally(() => (this.autoSnapshotQueued = false));
  }

  /** Never two snapshots at once: each waits for the previous one. */
  private queueSnapshot(force: boolean): Promise<boolean> {
    const run = this.snapshotChain.then(() => this.writeSnapshot(force));
    this.snapshotChain = run.catch(() => undefined);
    return run;
  }

  /**
   * export() → temp file → fsync → rename → fsync folder, then the journal lines now in the snapshot are cut (in
   * that order: a crash between rename and cut leaves lines whose seq ≤ the snapshot's, which replay skips).
   * Commits go on while the file is written; only the cut holds them briefly.
   */
  private async writeSnapshot(force: boolean): Promise<boolean> {
    const journal = this.journal as JournalWriter;
    const { db } = this.state;
    const seq = this.state.appliedSeq;
    const cut = this.state.journalBytes;
    if (!force && seq === this.state.snapshotSeq && cut === 0) return false;
    setJournalState(db, seq);
    const data = db.export();
    const bytes = data.length;
    try {
      await replaceFileDurably(this.path, data);
      await writeSnapshotCheck(this.path, data).catch(() => undefined);
    } finally {
      // Nothing keeps the copy: freed now, not beside the next one (see releaseBuffer).
      releaseBuffer(data);
    }
    this.state.snapshotSeq = seq;
    this.state.snapshotBytes = bytes;
    this.snapshots++;
    await this.journalMutex.run(async () => {
      await journal.cut(cut);
      this.state.journalBytes = journal.bytes;
    });
    return true;
  }
}
