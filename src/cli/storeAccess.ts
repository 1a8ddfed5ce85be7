import { isAbsolute, join, resolve } from 'node:path';
import { openWorkspaceStore, type OpenedStore } from '../core/store/openWorkspaceStore';
import { loadSettings } from './workspaceSettings';

/** The database file: --db, else the workspace's datagenflow.databasePath (default .datagenflow/datagenflow.db). */
export async function databasePath(workspace: string, db: string | undefined): Promise<string> {
  if (db) return resolve(db);
  const configured = (await loadSettings(workspace)).databasePath;
  return isAbsolute(configured) ? configured : join(resolve(workspace), configured);
}

/** Opens the database for this command, printing what the user should know (read-only, recovered files). */
export async function openStoreForCli(path: string, stderr: NodeJS.WriteStream, readOnly = false): Promise<OpenedStore> {
  const opened = await openWorkspaceStore(path, 'datagenflow CLI', { readOnly, onWarning: (m) => stderr.write(`warning: ${m}\n`) });
  for (const notice of opened.notices) stderr.write(`${notice}\n`);
  return opened;
}
