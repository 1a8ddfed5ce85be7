import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { exportJsonl, type ExportResult } from '../core/store/exportJsonl';
import type { OpenedStore } from '../core/store/openWorkspaceStore';
import type { JobRow, StatusCounts } from '../core/store/storeTypes';
import { workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';
import { exportFileName } from './exportFileName';
import { type ExportFolder, prepareExportFolder } from './exportFolder';
import type { ExportStatus, JobCommandOptions } from '../commands/jobCommandArgs';
import { resolveJob } from '../commands/jobPick';

/**
 * DataGenFlow: Export JSONL — a job's records, scoped to one status (or all but failed executions), to a file
 * chosen in a save dialog (default `exports/<pipeline>-job<id>-<status>.jsonl`). Resolves with what was written.
 */
export async function exportJobCommand(services: Services, arg: unknown, options: JobCommandOptions): Promise<ExportResult | undefined> {
  const picked = await resolveJob(services, arg, { title: 'Export which job?', none: 'There are no jobs to export yet: run DataGenFlow: Generate first' });
  if (!picked) return undefined;
  const { opened, job } = picked;
  const status = options.status ?? (await pickStatus(job, opened.store.statusCounts(job.id)));
  if (!status) return undefined;
  if (options.uri) return exportTo(services, opened, job, status, options.uri);
  const defaultUri = defaultExportUri(job, status);
  // The dialog proposes `exports/…`: made to exist first, else VS Code asks whether to create it.
  const folder = defaultUri && (await proposedFolder(services, defaultUri));
  try {
    const saveDialog = options.saveDialog ?? vscode.window.showSaveDialog;
    const uri = await saveDialog({ title: `Export job #${job.id} (${job.pipelineName})`, defaultUri, filters: { 'JSON Lines': ['jsonl'] }, saveLabel: 'Export' });
    return uri && (await exportTo(services, opened, job, status, uri));
  } finally {
    // Cancelled, saved elsewhere or failed: a folder made for the dialog that is still empty goes again.
    await folder?.release();
  }
}

async function exportTo(services: Services, opened: OpenedStore, job: JobRow, status: ExportStatus, uri: vscode.Uri): Promise<ExportResult> {
  // exportJsonl writes through Node's fs (streamed, atomic rename), which only reaches files of this host.
  if (uri.scheme !== 'file') throw new Error(`Choose a file on disk (got ${uri.toString()}).`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Exporting job #${job.id}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return exportJsonl(opened.store, {
        jobId: job.id,
        ...(status === 'all' ? {} : { status }),
        outPath: uri.fsPath,
        // The save dialog asked before replacing a file; the database is refused all the same.
        overwrite: 'any',
        databases: databasesOf(services),
        signal: controller.signal,
        onProgress: (written) => progress.report({ message: `${written} records` }),
      });
    },
  );
  services.log.info(`Exported ${result.count} record(s) of job ${job.id} (${status}) to ${result.path}`);
  const open = 'Open File';
  void vscode.window.showInformationMessage(`${result.count} record(s) exported to ${relativePath(uri)}.`, open).then((choice) => {
    if (choice === open) void vscode.window.showTextDocument(uri);
  });
  return result;
}

/** The dialog's proposed folder, created while the dialog is open (see prepareExportFolder). */
export async function proposedFolder(services: Services, defaultUri: vscode.Uri): Promise<ExportFolder | undefined> {
  if (defaultUri.scheme !== 'file') return undefined;
  try {
    return await prepareExportFolder(dirname(defaultUri.fsPath));
  } catch (e) {
    // Not fatal: the dialog still opens (and VS Code offers to create the folder, or the user picks another).
    services.log.warn(`Could not create the export folder ${dirname(defaultUri.fsPath)}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** The workspace's database, which no export may replace. */
export function databasesOf(services: Services): string[] {
  const path = services.store.path();
  return path === undefined ? [] : [path];
}

/** `<workspace>/exports/<pipeline-slug>-job<id>-<status>.jsonl`. */
function defaultExportUri(job: JobRow, status: ExportStatus): vscode.Uri | undefined {
  const folder = workspaceFolder();
  return folder && vscode.Uri.joinPath(folder.uri, 'exports', exportFileName(job.pipelineName, job.id, status));
}

/** The records to export: all but failed executions, or one status (with their counts). */
export async function pickStatus(job: JobRow, counts: StatusCounts): Promise<ExportStatus | undefined> {
  const items: (vscode.QuickPickItem & { status: ExportStatus })[] = [
    { label: 'All', description: `${counts.total - counts.failed} records`, detail: 'Pending, accepted and rejected records (failed executions have no output)', status: 'all' },
    { label: 'Pending', description: `${counts.pending} records`, status: 'pending' },
    { label: 'Accepted', description: `${counts.accepted} records`, status: 'accepted' },
    { label: 'Rejected', description: `${counts.rejected} records`, status: 'rejected' },
    { label: 'Failed', description: `${counts.failed} records`, detail: 'Failed executions with their error', status: 'failed' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Export job #${job.id} (${job.pipelineName}): which records?` });
  return picked?.status;
}
