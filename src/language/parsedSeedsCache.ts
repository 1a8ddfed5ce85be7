import * as vscode from 'vscode';
import { parseSeeds } from '../core/seeds/parseSeeds';
import type { ParsedSeeds } from '../core/seeds/seedTypes';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import { isFolder, readSeedFolder } from '../host/seedFolders';
import { readText, relativePath } from '../host/workspaceFiles';

/**
 * Seed files parsed once and kept until they change (their open document or the disk): a preview picks one seed
 * of a parsed list (read on demand from the file's text), so a keystroke in the pipeline never parses seeds again.
 * `onDidChange` fires with a seed file that changed.
 */
export class ParsedSeedsCache implements vscode.Disposable {
  private readonly entries = new Map<string, Promise<ParsedSeeds>>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{json,md,markdown}');
    const forget = (uri: vscode.Uri) => {
      const key = uri.toString();
      const affected = [...this.entries.keys()].filter((k) => k === key || key.startsWith(`${k}/`));
      for (const k of affected) this.entries.delete(k);
      if (affected.length > 0) this.changed.fire(uri);
    };
    this.disposables = [
      watcher,
      watcher.onDidChange(forget),
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) forget(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => forget(d.uri)),
      this.changed,
    ];
  }

  seeds(uri: vscode.Uri): Promise<ParsedSeeds> {
    const key = uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = (async () => {
        const source = (await isFolder(uri)) ? await readSeedFolder(uri, readText) : await readText(uri);
        return parseSeeds(source, relativePath(uri), { maxUnits: readSettings(workspaceFolder()).maxUnitsPerJob });
      })();
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
    }
    return entry;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
