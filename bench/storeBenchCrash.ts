import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { DEFAULT_SNAPSHOT_POLICY, DurableDatabase } from '../src/core/store/durableDatabase';
import { STORE_MIGRATIONS } from '../src/core/store/migrations';
import { recordsFolder } from '../src/core/store/openWorkspaceStore';
import { SegmentStore } from '../src/core/store/payload/segmentStore';
import { snapshotCheckPath } from '../src/core/store/durable/snapshotFile';
import { prepareStoreConnection } from '../src/core/store/schema';
import { applyStoreOp } from '../src/core/store/storeOps';
import type { StoreOperation } from '../src/core/store/storeOpTypes';
import { WorkspaceStore } from '../src/core/store/workspaceStore';

/*
 * Open after a crash, at its worst: a SIGKILL just before an automatic snapshot leaves the last snapshot plus a
 * journal as long as the snapshot policy allows, all of which the next open replays. The files are copied at that
 * moment and opened in a child process, so its time and peak memory are its own.
 */

/** The database as openWorkspaceStore opens it (payloads in segment files beside it), without the open-time chores. */
export function openBenchDatabase(path: string) {
  return DurableDatabase.open<StoreOperation>({
    path,
    migrations: STORE_MIGRATIONS,
    apply: applyStoreOp,
    prepareConnection: prepareStoreConnection,
    holder: 'store benchmark',
    payloads: new SegmentStore(recordsFolder(path), false),
  });
}

export interface CrashState {
  records: number;
  /** Taken just before an automatic snapshot (else at the end of writing, when none came). */
  beforeSnapshot: boolean;
  journalBytes: number;
  snapshotBytes: number;
}

export class CrashCopy {
  taken?: CrashState;
  /** Time spent copying, to leave out of the write figures. */
  copyMs = 0;

  constructor(
    private readonly database: DurableDatabase<StoreOperation>,
    readonly path: string,
  ) {}

  /**
   * Copies the snapshot, its check file and the journal (segment files are append-only and not read at open: a
   * crash leaves them as they are) if writing `nextBytes` more to the journal would start an automatic snapshot. Not while the
   * journal is past the threshold: a snapshot is then being written, and the journal may be cut between the two
   * copies (an old snapshot with a cut journal is not a state a crash can leave).
   */
  async takeIfBeforeSnapshot(records: number, nextBytes: number): Promise<void> {
    const { journalBytes, snapshotBytes } = this.database.stats;
    const threshold = Math.max(DEFAULT_SNAPSHOT_POLICY.minJournalBytes, DEFAULT_SNAPSHOT_POLICY.journalToSnapshotRatio * snapshotBytes);
    if (journalBytes < threshold && journalBytes + nextBytes >= threshold) await this.take(records, true);
  }

  /** Call with no commit in flight: the snapshot and the journal are then consistent with each other. */
  async take(records: number, beforeSnapshot = false): Promise<void> {
    const start = performance.now();
    const { journalBytes, snapshotBytes } = this.database.stats;
    await copyFile(this.database.path, this.path);
    await copyFile(this.database.journalPath, `${this.path}-journal.jsonl`);
    // The snapshot's check file stays beside it through a crash (written right after the snapshot).
    await copyFile(snapshotCheckPath(this.database.path), snapshotCheckPath(this.path)).catch(() => undefined);
    this.taken = { records, beforeSnapshot, journalBytes, snapshotBytes };
    this.copyMs += performance.now() - start;
  }
}

export interface CrashOpen {
  ms: number;
  /** CPU time of the open (user + system): on a busy machine, wall time says more about the neighbours. */
  cpuMs: number;
  replayed: number;
  recovered: number;
  maxRss: number;
}

/** Child side (`--open-only <path>`): open as the extension would after a crash, print the figures as JSON. */
export async function openOnly(path: string): Promise<void> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const opened = await openBenchDatabase(path);
  await new WorkspaceStore(opened.database).markInterrupted();
  const used = process.cpuUsage(cpu);
  const figures: CrashOpen = { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, replayed: opened.replayed, recovered: opened.recovered.length, maxRss: process.resourceUsage().maxRSS * 1024 };
  console.log(JSON.stringify(figures));
  await opened.database.close();
}

export async function timeOpenInChild(script: string, path: string): Promise<CrashOpen> {
  const { stdout } = await promisify(execFile)(process.execPath, [...process.execArgv, script, '--open-only', path], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as CrashOpen;
}
