import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { openWorkspaceStore, type OpenedStore } from '../core/store/openWorkspaceStore';
import { readSettings, workspaceFolder } from './hostSettings';
import type { Logger } from './logger';
import { RetryableOnce } from './retryableOnce';

const READ_ONLY_REFRESH_MS = 3000;

/**
 * The workspace database, opened on first use (sql.js loads lazily). When another window or a CLI run holds the
 * lock it is opened read-only and re-read every few seconds, so the Jobs tree follows that writer. A failed open
 * (no folder, an unreadable file) is not remembered: the next use tries again.
 */
export class StoreService implements vscode.Disposable {
  private readonly opened = new RetryableOnce(() => this.open());
  private refresher?: ReturnType<typeof setInterval>;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: Logger) {}

  /** Absolute path of the database, or undefined without a workspace folder. */
  path(): string | undefined {
    const folder = workspaceFolder();
    if (!folder) return undefined;
    const configured = readSettings(folder).databasePath;
    return isAbsolute(configured) ? configured : join(folder.uri.fsPath, configured);
  }

  /** Opened, or being opened. */
  isOpen(): boolean {
    return this.opened.isStarted();
  }

  get(): Promise<OpenedStore> {
    return this.opened.get();
  }

  /** Listeners (tree, review) re-read after a write. */
  notifyChanged(): void {
    this.changed.fire();
  }

  /** Closes and reopens, e.g. after `datagenflow.databasePath` changed or to retry taking the write lock. */
  async reopen(): Promise<void> {
    await this.close();
    this.notifyChanged();
  }

  private async open(): Promise<OpenedStore> {
    const path = this.path();
    if (!path) throw new Error('Open a folder first: DataGenFlow keeps its database in the workspace folder.');
    const opened = await openWorkspaceStore(path, 'VS Code window', { onWarning: (m) => this.log.warn(m) });
    for (const notice of opened.notices) this.log.warn(notice);
    if (opened.interrupted.length) {
      void vscode.window.showWarningMessage(`DataGenFlow: job(s) ${opened.interrupted.join(', ')} were interrupted. Resume them from the Jobs view.`);
    }
    if (opened.readOnly) {
      // A writer killed mid-job changes no file, yet its running job now reads as interrupted: that is a change too.
      let running = runningJobs(opened);
      this.refresher = setInterval(() => {
        void opened.refresh().then(
          (changed) => {
            const now = runningJobs(opened);
            if (changed || now !== running) this.changed.fire();
            running = now;
          },
          (e) => this.log.warn(`Could not re-read the database: ${String(e)}`),
        );
      }, READ_ONLY_REFRESH_MS);
    }
    this.log.info(`Database ${path} opened${opened.readOnly ? ' read-only' : ''}`);
    return opened;
  }

  private async close(): Promise<void> {
    const opened = await this.opened.take();
    // Cleared after the open settled: an open in flight sets its refresher before it resolves.
    if (this.refresher) clearInterval(this.refresher);
    this.refresher = undefined;
    await opened?.close();
  }

  async dispose(): Promise<void> {
    this.changed.dispose();
    await this.close().catch((e) => this.log.error('Closing the database failed', e));
  }
}

/** Ids of the jobs that read as running (a job whose process is gone reads as interrupted). */
function runningJobs(opened: OpenedStore): string {
  return opened.store
    .listJobs()
    .filter((j) => j.status === 'running')
    .map((j) => j.id)
    .join(',');
}
