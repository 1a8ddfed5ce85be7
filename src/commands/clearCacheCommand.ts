import * as vscode from 'vscode';
import { responseCacheDir } from '../core/cache/responseCache';
import { clearResponseCache, responseCacheSize } from '../core/cache/responseStore';
import { workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';

/** Programmatic callers (tests) pass `{ confirm: true }` to skip the modal; menus and the palette never do. */
interface ClearOptions {
  confirm?: boolean;
}

/**
 * DataGenFlow: Clear Response Cache — deletes the workspace's stored answers after a modal confirmation (they are
 * the user's data: re-running without them calls the endpoints again). Resolves with what was deleted.
 */
export async function clearCacheCommand(services: Services, arg: unknown): Promise<{ answers: number; bytes: number } | undefined> {
  const folder = workspaceFolder();
  if (!folder) {
    void vscode.window.showInformationMessage('Open a folder first: the response cache lives in the workspace (.datagenflow/cache/responses).');
    return undefined;
  }
  if (services.jobs.running) {
    void vscode.window.showWarningMessage('A job is running: clear the response cache once it has ended.');
    return undefined;
  }
  const dir = responseCacheDir(folder.uri.fsPath);
  const size = await responseCacheSize(dir);
  if (size.answers === 0) {
    void vscode.window.showInformationMessage('The response cache is empty.');
    return size;
  }
  const options: ClearOptions = typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? (arg as ClearOptions) : {};
  if (options.confirm !== true) {
    const clear = 'Clear';
    const choice = await vscode.window.showWarningMessage(
      `Delete ${size.answers} stored model answer(s) (${megabytes(size.bytes)})?`,
      { modal: true, detail: 'Re-runs and tries will call the endpoints (and pay) again for these requests. This cannot be undone.' },
      clear,
    );
    if (choice !== clear) return undefined;
  }
  const deleted = await clearResponseCache(dir);
  services.log.info(`Cleared the response cache: ${deleted.answers} answer(s), ${megabytes(deleted.bytes)}`);
  void vscode.window.showInformationMessage(`Deleted ${deleted.answers} stored answer(s) (${megabytes(deleted.bytes)}).`);
  return deleted;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
