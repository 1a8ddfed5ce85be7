import { DgfError } from '../../errors';
import type { LockOwner } from '../opLog';

/** The database file was written by a newer DataGenFlow: its schema version is beyond the known migrations. */
export class StoreVersionError extends DgfError {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly known: number,
  ) {
    super('store-version', `Database ${file} was written by a newer DataGenFlow (schema ${found} > ${known}); update the extension. The file was not modified.`);
  }
}

/** A migration threw; the database in memory was rolled back and no file was modified. */
export class StoreMigrationError extends DgfError {
  constructor(
    readonly file: string,
    readonly version: number,
    cause: unknown,
  ) {
    super('store-migration', `Database ${file}: migration to schema ${version} failed (${messageOf(cause)}); the file was not modified. Report this as a bug.`, { cause });
  }
}

/** A write on a database opened read-only (another process holds the lock, or `readOnly` was asked for). */
export class StoreReadOnlyError extends DgfError {
  constructor(
    readonly file: string,
    readonly lockedBy?: LockOwner,
  ) {
    super(
      'store-read-only',
      lockedBy
        ? `Database ${file} is open read-only because ${describeOwner(lockedBy)} writes it; close that writer (or wait until it is done) and reopen to make changes.`
        : `Database ${file} was opened read-only; reopen it without readOnly to make changes.`,
    );
  }
}

/** A commit or snapshot after `close()`. */
export class StoreClosedError extends DgfError {
  constructor(readonly file: string) {
    super('store-closed', `Database ${file} is closed; open it again to write.`);
  }
}

/** The journal could not be written or flushed, so the change is not durable and was not applied. */
export class StoreJournalError extends DgfError {
  constructor(
    readonly file: string,
    what: string,
    cause: unknown,
  ) {
    super('store-journal', `Journal ${file}: ${what} (${messageOf(cause)}). The change was not saved; check free disk space and permissions, then retry.`, { cause });
  }
}

/**
 * `apply` threw on a batch that is already durable in the journal: a bug in the store operations. The batch was
 * rolled back, and replay on the next open skips it the same way, so memory and disk agree.
 */
export class StoreApplyError extends DgfError {
  constructor(
    readonly file: string,
    readonly seq: number,
    cause: unknown,
  ) {
    super('store-apply', `Database ${file}: journal batch ${seq} could not be applied (${messageOf(cause)}); it was rolled back and is skipped on replay. Report this as a bug.`, { cause });
  }
}

function describeOwner(owner: LockOwner): string {
  return `${owner.holder} (pid ${owner.pid} on ${owner.hostname}, since ${owner.since})`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A database path given explicitly (`--db`) names an existing file that is not a DataGenFlow database (a seed
 * file, another program's SQLite file, an unreadable one). Only the workspace's own database is ever kept aside
 * and replaced; this one is refused and left exactly as it was.
 */
export class StoreNotDatabaseError extends DgfError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super('store-not-database', `${file} is not a DataGenFlow database (${reason}); it was not modified. Give --db a new file name or an existing DataGenFlow database.`);
  }
}

/** The database, its journal or lock could not be opened or created: a folder, a path through a file, no permission. */
export class StoreAccessError extends DgfError {
  constructor(
    readonly file: string,
    readonly reason: string,
    cause?: unknown,
  ) {
    super('store-access', `Cannot open the database ${file}: ${reason}`, { cause });
  }
}

const ACCESS_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOSPC', 'EEXIST', 'ENAMETOOLONG', 'ELOOP', 'EDQUOT']);

/** A file-system error (errno code) met while opening the database, as a StoreAccessError; anything else: undefined. */
export function storeAccessError(file: string, error: unknown): StoreAccessError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string' || !ACCESS_CODES.has(e.code)) return undefined;
  const where = typeof e.path === 'string' ? e.path : file;
  const reasons: Record<string, string> = {
    EACCES: `permission denied on ${where}. Make its folder writable, or keep the database in a folder you can write (--db, or the setting datagenflow.databasePath).`,
    EPERM: `the operation is not permitted on ${where}. Make its folder writable, or keep the database in a folder you can write (--db, or the setting datagenflow.databasePath).`,
    EROFS: `${where} is on a read-only file system. Keep the database on a writable disk (--db, or the setting datagenflow.databasePath).`,
    EISDIR: `${where} is a folder. The database path must name a file (e.g. ${where}/datagenflow.db).`,
    ENOTDIR: `a part of the path ${where} is a file, not a folder. Choose a database path whose folders are folders.`,
    EEXIST: `a part of the path ${where} is a file, not a folder. Choose a database path whose folders are folders.`,
    ENOSPC: `the disk is full (${where}). Free some space and try again.`,
    EDQUOT: `the disk quota is exceeded (${where}). Free some space and try again.`,
    ENAMETOOLONG: `the path ${where} is too long.`,
    ELOOP: `the path ${where} has a symbolic link loop.`,
  };
  return new StoreAccessError(file, reasons[e.code], error);
}
