import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import type { CustomBlockEntry } from '../core/blocks/custom/customBlockTypes';
import { MutableBlockRegistry } from '../core/blocks/custom/mutableBlockRegistry';
import { watchCustomBlocks } from '../core/blocks/custom/watchCustomBlocks';
import { readSettings, workspaceFolder } from './hostSettings';
import type { Logger } from './logger';

/**
 * Custom blocks are code from the workspace: loaded (and reloaded on change) only once the workspace is trusted,
 * re-pointed when `datagenflow.customBlocksFolder` changes. A broken module is logged and skipped.
 */
export class CustomBlocksHost implements vscode.Disposable {
  private readonly blocks = new MutableBlockRegistry();
  private watcher?: { dispose(): void };
  private latest: readonly CustomBlockEntry[] = [];
  private readonly subscriptions: vscode.Disposable[];
  private readonly changed = new vscode.EventEmitter<void>();
  /** The set of custom blocks changed (loaded, reloaded, folder or trust changed). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Logger) {
    this.subscriptions = [
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.start()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datagenflow.customBlocksFolder')) this.start();
      }),
    ];
    this.start();
  }

  registry(): BlockRegistry {
    return this.blocks;
  }

  /** What the last load found: each file with its status and error. */
  entries(): readonly CustomBlockEntry[] {
    return this.latest;
  }

  /** The folder custom blocks are read from, or undefined without a workspace folder. */
  folder(): string | undefined {
    const folder = workspaceFolder();
    if (!folder) return undefined;
    const configured = readSettings(folder).customBlocksFolder;
    return isAbsolute(configured) ? configured : join(folder.uri.fsPath, configured);
  }

  private start(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    this.blocks.replaceCustomBlocks([]);
    this.latest = [];
    this.changed.fire();
    const path = this.folder();
    if (!path || !vscode.workspace.isTrusted) return;
    this.watcher = watchCustomBlocks(path, true, (set) => {
      this.blocks.replaceCustomBlocks(set.blocks);
      this.latest = set.entries;
      this.changed.fire();
      for (const entry of set.entries) {
        if (entry.status === 'ok') this.log.info(`Custom block ${entry.type ?? ''} loaded from ${entry.file}`);
        else this.log.warn(`Custom block ${entry.file}: ${entry.error ?? entry.status}`);
      }
    });
  }

  dispose(): void {
    this.watcher?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
