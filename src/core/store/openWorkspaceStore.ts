import { DurableDatabase } from './durableDatabase';
import { lockHolderLiveness } from './jobLiveness';
import type { LockOwner } from './opLog';
import { STORE_MIGRATIONS } from './migrations';
import { SegmentStore } from './payload/segmentStore';
import { prepareStoreConnection } from './schema';
import { applyStoreOp } from './storeOps';
import type { StoreOperation } from './storeOpTypes';
import { WorkspaceStore } from './workspaceStore';

export interface OpenedStore {
  store: WorkspaceStore;
  /** Another process (named in lockedBy) writes this database: reads only. */
  readOnly: boolean;
  lockedBy?: LockOwner;
  /** Human-readable notes for the user: files set aside, a stale lock taken over, interrupted jobs. */
  notices: string[];
  /** Jobs that were still `running` at open (their process died): now `interrupted`, resumable. */
  interrupted: number[];
  refresh(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the workspace database the way every writer must: durable log, store schema, interrupted jobs marked. */
export async function openWorkspaceStore(
  path: string,
  holder: string,
  options: { readOnly?: boolean; existingNonDatabase?: 'keep-aside' | 'refuse'; onWarning?: (message: string) => void } = {},
): Promise<OpenedStore> {
  // Payloads live in `<database>-records/job-<id>/<n>.seg` (see SegmentStore); a read-only opener reads them too.
  const payloads = new SegmentStore(recordsFolder(path), options.readOnly ?? false);
  const opened = await DurableDatabase.open<StoreOperation>({
    path,
    payloads,
    holder,
    migrations: STORE_MIGRATIONS,
    apply: applyStoreOp,
    prepareConnection: prepareStoreConnection,
    readOnly: options.readOnly,
    existingNonDatabase: options.existingNonDatabase,
    onWarning: (message) => options.onWarning?.(message),
  });
  const database = opened.database;
  // The lock names the process that may be running jobs: a `running` job of any other process reads as interrupted.
  const store = new WorkspaceStore(database, { runnerAlive: lockHolderLiveness(`${path}.lock`) });
  const notices: string[] = [];
  for (const r of opened.recovered) {
    notices.push(r.movedTo ? `${r.file} could not be read (${r.reason}); it was kept as ${r.movedTo}.` : `${r.file} could not be read (${r.reason}).`);
  }
  if (opened.staleLock) notices.push(`Took over the lock of ${opened.staleLock.holder} (pid ${opened.staleLock.pid}), which is no longer running.`);
  for (const s of opened.skipped) notices.push(`Journal batch ${s.seq} could not be applied and was skipped: ${s.error}`);
  if (opened.lockedBy) notices.push(lockedMessage(path, opened.lockedBy));
  const interrupted = opened.readOnly ? [] : await store.markInterrupted();
  if (!opened.readOnly) {
    // A database of an earlier version (or its journal) holds payloads inline: move them out, then drop the space.
    if ((await store.relocateInlinePayloads()) > 0) await database.compact();
    await payloads.removeOrphans((jobId) => store.jobRow(jobId) !== undefined);
  }
  if (interrupted.length) notices.push(`Job(s) ${interrupted.join(', ')} were interrupted (the process running them ended); they can be resumed.`);
  return {
    store,
    readOnly: opened.readOnly,
    lockedBy: opened.lockedBy,
    notices,
    interrupted,
    refresh: () => database.refresh(),
    close: () => database.close(),
  };
}

/** The folder of a database's record payloads. */
export function recordsFolder(databasePath: string): string {
  return `${databasePath}-records`;
}

function lockedMessage(path: string, owner: LockOwner): string {
  return `${path} is in use by ${owner.holder} (pid ${owner.pid} on ${owner.hostname}, since ${owner.since}): opened read-only. Close it there to write here.`;
}
