import * as vscode from 'vscode';
import type { LaunchResult } from '../core/run/jobLauncher';
import { elapsed } from '../host/progressText';

/** The end of a job: its totals, and what to do next. */
export async function finishedNotification({ job, summary }: LaunchResult): Promise<void> {
  const text =
    `DataGenFlow job ${job.id} (${job.pipelineName}) ${summary.status}: ${summary.succeeded} generated, ${summary.failed} failed ` +
    `of ${summary.total} in ${elapsed(summary.elapsedMs)}${summary.reason && summary.status !== 'cancelled' ? ` — ${summary.reason}` : ''}`;
  const review = 'Open Review';
  const exportJsonl = 'Export JSONL';
  const show = summary.status === 'completed' && summary.failed === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  // The Review panel may not be registered (yet): never offer a button that ends in "command not found".
  const canReview = (await vscode.commands.getCommands(true)).includes('datagenflow.openReview');
  const choice = await show(text, ...(canReview ? [review, exportJsonl] : [exportJsonl]));
  if (choice === review) await vscode.commands.executeCommand('datagenflow.openReview', job.id);
  if (choice === exportJsonl) await vscode.commands.executeCommand('datagenflow.exportJsonl', job.id);
}
