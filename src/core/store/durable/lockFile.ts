import { readFileSync, unlinkSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { LockOwner } from '../opLog';
import { StoreAccessError } from './durableErrors';
import { isNoEntry } from './durableFiles';

export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  release(): Promise<void>;
}

export type LockAttempt = { kind: 'acquired'; lock: HeldLock; staleOwner?: LockOwner } | { kind: 'held'; owner: LockOwner };

const ATTEMPTS = 6;
const UNREADABLE_WAIT_MS = 25;

/**
 * Takes the write lock `file` (created with O_EXCL, holding the LockOwner as JSON) or says who holds it. A lock
 * whose owner is this host and a dead pid is stale and taken over. A lock from another host cannot be checked, so
 * it counts as held (the message names the host, so the user can remove it by hand if that host is gone).
 */
export async function acquireLock(file: string, owner: LockOwner): Promise<LockAttempt> {
  const content = `${JSON.stringify(owner)}\n`;
  let staleOwner: LockOwner | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusive(file, content)) return { kind: 'acquired', lock: holdLock(file, owner, content), staleOwner };
    const existing = await readLock(file);
    if (existing === 'missing') continue;
    if (existing === 'unreadable' && attempt < 2) {
      // Probably just created by another process that has not written it yet.
      await new Promise((resolve) => setTimeout(resolve, UNREADABLE_WAIT_MS));
      continue;
    }
    if (existing !== 'unreadable' && isAlive(existing.owner)) return { kind: 'held', owner: existing.owner };
    if (existing !== 'unreadable') staleOwner = existing.owner;
    await removeStale(file, existing === 'unreadable' ? undefined : existing.text);
  }
  throw new StoreAccessError(file, `the lock ${file} keeps changing (another process is opening the same database). Try again.`);
}

/**
 * The live owner of the lock, read synchronously (for checks on every read of job rows, e.g. whether the process
 * that runs a job still holds the database). Missing, unreadable or dead: undefined.
 */
export function liveLockOwnerSync(file: string): LockOwner | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const existing = parseLock(text);
  return existing && isAlive(existing.owner) ? existing.owner : undefined;
}

/** The live owner of the lock, if any (for read-only opens that do not try to take it). */
export async function lockOwner(file: string): Promise<LockOwner | undefined> {
  const existing = await readLock(file);
  return typeof existing === 'object' && isAlive(existing.owner) ? existing.owner : undefined;
}

function isAlive(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function createExclusive(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(file: string): Promise<'missing' | 'unreadable' | { owner: LockOwner; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNoEntry(error)) return 'missing';
    throw error;
  }
  return parseLock(text) ?? 'unreadable';
}

function parseLock(text: string): { owner: LockOwner; text: string } | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return undefined;
    return { owner: { pid: value.pid, hostname: value.hostname, since: String(value.since ?? ''), holder: String(value.holder ?? 'unknown') }, text };
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock without racing another process doing the same: rename it away first (only one process
 * wins the rename), then check that what was renamed is the stale lock and not a fresh one just created by a
 * process that won earlier; a fresh one is put back with link(), which fails rather than overwrite.
 */
async function removeStale(file: string, staleText: string | undefined): Promise<void> {
  const moved = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await rename(file, moved);
  } catch (error) {
    if (isNoEntry(error)) return;
    throw error;
  }
  const movedText = await readFile(moved, 'utf8').catch(() => '');
  if (staleText !== undefined && movedText !== staleText) await link(moved, file).catch(() => undefined);
  await unlink(moved).catch(() => undefined);
}

/** Releases on `release()` or, best effort, when the process exits normally (not on SIGKILL: then it is stale). */
function holdLock(file: string, owner: LockOwner, content: string): HeldLock {
  const onExit = () => {
    try {
      if (readFileSync(file, 'utf8') === content) unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', onExit);
  let released = false;
  return {
    file,
    owner,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      const current = await readFile(file, 'utf8').catch(() => undefined);
      if (current === content) await unlink(file).catch(() => undefined);
    },
  };
}
