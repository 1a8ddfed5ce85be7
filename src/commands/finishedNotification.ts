import * as vscode from 'vscode';
import { cacheStatsText, storedCacheStats } from '../core/cache/jobCacheStats';
import type { LaunchResult } from '../core/run/jobLauncher';
import { estimateVsActualText, storedEstimate } from '../core/plan/planEstimate';
import { jobOutcomeText } from '../jobs/jobOutcomeText';
import { generateDialogs } from './generateDialogs';

/** The end of a job: its totals (and this run's share), estimated vs actual when it was planned, and what to do next. Returns the text shown. */
export function finishedNotification({ job, outcome }: LaunchResult): string {
  const estimate = storedEstimate(job.metadata);
  const cache = storedCacheStats(job.metadata);
  // Plain Generate (mode off, nothing reused) keeps its short message; the Jobs tooltip always has the figures.
  const calls = cache && (cache.mode !== 'off' || cache.callsReused > 0) ? ` — model calls: ${cacheStatsText(cache)}` : '';
  const text = `${jobOutcomeText(job.pipelineName, outcome)}${calls}${estimate ? ` — estimated vs actual: ${estimateVsActualText(estimate, job)}` : ''}`;
  generateDialogs.finished?.(text);
  void offerNextSteps(text, job.id, outcome.status === 'completed' && outcome.failed === 0);
  return text;
}

async function offerNextSteps(text: string, jobId: number, clean: boolean): Promise<void> {
  const review = 'Open Review';
  const exportJsonl = 'Export JSONL';
  const show = clean ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  // The Review panel may not be registered (yet): never offer a button that ends in "command not found".
  const canReview = (await vscode.commands.getCommands(true)).includes('datagenflow.openReview');
  const choice = await show(text, ...(canReview ? [review, exportJsonl] : [exportJsonl]));
  if (choice === review) await vscode.commands.executeCommand('datagenflow.openReview', jobId);
  if (choice === exportJsonl) await vscode.commands.executeCommand('datagenflow.exportJsonl', jobId);
}
