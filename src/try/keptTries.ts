import * as vscode from 'vscode';
import { TryStore, type TryFiles } from '../core/try/tryStore';
import type { TryRecord } from '../core/try/tryTypes';
import { relativePath } from '../host/workspaceFiles';

/** The try store of a pipeline's workspace folder (`.datagenflow/tries/`; beside the file outside any folder). */
export function workspaceTryStore(pipeline: vscode.Uri): TryStore {
  const folder = vscode.workspace.getWorkspaceFolder(pipeline)?.uri ?? vscode.Uri.joinPath(pipeline, '..');
  return new TryStore(workspaceTryFiles(vscode.Uri.joinPath(folder, '.datagenflow', 'tries')));
}

/** The pipeline's kept tries, newest first (for the plan: what its blocks answered before any job). */
export function keptTries(pipeline: vscode.Uri): Promise<TryRecord[]> {
  return workspaceTryStore(pipeline).list(relativePath(pipeline));
}

function workspaceTryFiles(folder: vscode.Uri): TryFiles {
  return {
    async read(name) {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)));
      } catch (e) {
        if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return undefined;
        throw e;
      }
    },
    async write(name, text) {
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name), new TextEncoder().encode(text));
    },
  };
}
