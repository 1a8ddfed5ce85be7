import * as vscode from 'vscode';
import type { Services } from '../host/services';

/** One job at a time: when one runs, say which and offer to cancel it. Returns true when the caller may go on. */
export async function noJobRunning(services: Services): Promise<boolean> {
  const running = services.jobs.running;
  if (!running) return true;
  const cancel = 'Cancel Job';
  const choice = await vscode.window.showWarningMessage(`Job ${running.jobId ?? ''} (${running.pipelineName}) is running. Only one job runs at a time.`, cancel);
  if (choice === cancel) services.jobs.cancel();
  return false;
}
