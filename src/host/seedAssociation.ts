import * as vscode from 'vscode';
import { relativePath } from './workspaceFiles';

/**
 * Workspace state: pipeline path → the seed file last used with it (Generate's pick, Verify Seeds, DataGenFlow:
 * Choose Seed File for Pipeline), both workspace-relative. Generate has always kept its last pick under this key.
 */
const SEED_FILES_KEY = 'datagenflow.lastSeeds';

const changed = new vscode.EventEmitter<vscode.Uri>();

/** Fires with the pipeline whose seed file changed. */
export const onDidChangeSeedAssociation: vscode.Event<vscode.Uri> = changed.event;

/** The seed file (or folder) associated with a pipeline, as its workspace-relative path, if any. */
export function associatedSeedPath(state: vscode.Memento, pipeline: vscode.Uri): string | undefined {
  return state.get<Record<string, string>>(SEED_FILES_KEY, {})[relativePath(pipeline)];
}

/** The seed file (or folder) associated with a pipeline, resolved against the pipeline's workspace folder. */
export function associatedSeedFile(state: vscode.Memento, pipeline: vscode.Uri): vscode.Uri | undefined {
  const path = associatedSeedPath(state, pipeline);
  if (path === undefined) return undefined;
  // asRelativePath leaves a file outside the workspace absolute.
  if (/^([a-zA-Z]:)?[\\/]/.test(path)) return vscode.Uri.file(path);
  const folder = vscode.workspace.getWorkspaceFolder(pipeline) ?? vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, path) : undefined;
}

/** Remembers `seeds` as the pipeline's seed file: the one its templates' fields, and later previews and plans, use. */
export async function associateSeedFile(state: vscode.Memento, pipeline: vscode.Uri, seeds: vscode.Uri): Promise<void> {
  const remembered = state.get<Record<string, string>>(SEED_FILES_KEY, {});
  const key = relativePath(pipeline);
  const value = relativePath(seeds);
  if (remembered[key] === value) return;
  await state.update(SEED_FILES_KEY, { ...remembered, [key]: value });
  changed.fire(pipeline);
}

/** The pipelines (workspace-relative paths) whose seed file is `seeds`: the inverse of associatedSeedPath. */
export function pipelinesOfSeedFile(state: vscode.Memento, seeds: vscode.Uri): string[] {
  const path = relativePath(seeds);
  return Object.entries(state.get<Record<string, string>>(SEED_FILES_KEY, {}))
    .filter(([, seedPath]) => seedPath === path)
    .map(([pipeline]) => pipeline);
}
