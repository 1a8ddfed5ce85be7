import { isAbsolute, join, resolve } from 'node:path';
import { openWorkspaceStore, type OpenedStore } from '../core/store/openWorkspaceStore';
import { loadSettings } from './workspaceSettings';

export interface DatabaseLocation {
  path: string;
  /**
   * Given with --db (and not the workspace's own database path): an existing file there that is not a database is
   * refused untouched, where the workspace's own database would be kept aside as `.corrupt-…` and started anew.
   */
  explicit: boolean;
}

/** The database file: --db, else the workspace's datagenflow.databasePath (default .datagenflow/datagenflow.db). */
export async function databaseLocation(workspace: string, db: string | undefined): Promise<DatabaseLocation> {
  if (db === undefined) return { path: await ownDatabasePath(workspace), explicit: false };
  const path = resolve(db);
  // With --db the workspace settings only tell whether it names the workspace's own database; unreadable, it does not.
  const own = await ownDatabasePath(workspace).catch(() => undefined);
  return { path, explicit: own === undefined || path !== resolve(own) };
}

async function ownDatabasePath(workspace: string): Promise<string> {
  const configured = (await loadSettings(workspace)).databasePath;
  return isAbsolute(configured) ? configured : join(resolve(workspace), configured);
}

export async function databasePath(workspace: string, db: string | undefined): Promise<string> {
  return (await databaseLocation(workspace, db)).path;
}

/** Opens the database for this command, printing what the user should know (read-only, recovered files). */
export async function openStoreForCli(path: string, stderr: NodeJS.WriteStream, readOnly = false, explicit = false): Promise<OpenedStore> {
  const opened = await openWorkspaceStore(path, 'datagenflow CLI', {
    readOnly,
    existingNonDatabase: explicit ? 'refuse' : 'keep-aside',
    onWarning: (m) => stderr.write(`warning: ${m}\n`),
  });
  for (const notice of opened.notices) stderr.write(`${notice}\n`);
  return opened;
}
