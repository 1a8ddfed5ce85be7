import * as vscode from 'vscode';
import type { LaunchResult, ResumeMode } from '../core/run/jobLauncher';
import type { Services } from '../host/services';
import { requireTrust } from '../host/trust';
import { exportJobCommand } from '../jobs/exportJob';
import { jobCommandOptions, type JobCommandOptions } from './jobCommandArgs';
import { deleteRefusal, resumeRefusal, retryRefusal } from '../jobs/jobPresentation';
import { resolveWritableJob } from './jobPick';
import { finishedNotification } from './finishedNotification';
import { noJobRunning } from './runningJobGuard';

type Handler = (services: Services, arg: unknown, options: JobCommandOptions) => Promise<unknown>;

/**
 * Commands on stored jobs. Each takes a Jobs tree item, a job id, or nothing (then a quick pick of the jobs it
 * applies to), and an options object for programmatic callers (see JobCommandOptions).
 */
export function registerJobCommands(services: Services): vscode.Disposable[] {
  const register = (id: string, what: string, handler: Handler) =>
    vscode.commands.registerCommand(id, async (arg?: unknown, second?: unknown) => {
      try {
        return await handler(services, arg, jobCommandOptions(second));
      } catch (e) {
        services.log.error(`${id} failed`, e);
        void vscode.window.showErrorMessage(`DataGenFlow could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    });
  return [
    register('datagenflow.resumeJob', 'resume the job', (s, arg) => rerun(s, arg, 'resume')),
    register('datagenflow.retryFailed', 'retry the failed units', (s, arg) => rerun(s, arg, 'retry-failed')),
    register('datagenflow.exportJsonl', 'export the job', exportJobCommand),
    register('datagenflow.deleteJob', 'delete the job', deleteJob),
    register('datagenflow.refreshJobs', 'refresh the Jobs view', refreshJobs),
  ];
}

/** What Resume / Retry resolve with when a run ended: the job, the outcome and the notification's text. */
export interface RerunResult extends LaunchResult {
  message: string;
}

async function rerun(services: Services, arg: unknown, mode: ResumeMode): Promise<RerunResult | undefined> {
  const resume = mode === 'resume';
  if (!(await requireTrust(resume ? 'resume jobs' : 'retry failed units'))) return;
  if (!(await noJobRunning(services))) return;
  const picked = await resolveWritableJob(services, arg, {
    title: resume ? 'Resume which job?' : 'Retry the failed units of which job?',
    refusal: resume ? resumeRefusal : retryRefusal,
    none: resume ? 'No job can be resumed: only interrupted, cancelled, stopped and failed jobs can' : 'No job has failed units to retry',
  });
  if (!picked) return;
  const { job } = picked;
  services.log.info(`${resume ? 'Resuming' : 'Retrying failed units of'} job ${job.id} (${job.pipelineName})`);
  const result = await services.jobs.resume(job.id, mode, job.pipelineName);
  return result ? { ...result, message: finishedNotification(result) } : undefined;
}

async function deleteJob(services: Services, arg: unknown, options: JobCommandOptions): Promise<void> {
  const picked = await resolveWritableJob(services, arg, { title: 'Delete which job?', refusal: deleteRefusal, none: 'No job can be deleted' });
  if (!picked) return;
  const { opened, job } = picked;
  const records = opened.store.statusCounts(job.id).total;
  if (!options.confirm) {
    const remove = 'Delete';
    const choice = await vscode.window.showWarningMessage(
      `Delete job #${job.id} (${job.pipelineName}) and its ${records} record(s)?`,
      { modal: true, detail: 'Its reviews and edits are deleted with it. This cannot be undone; export the records first to keep them.' },
      remove,
    );
    if (choice !== remove) return;
  }
  const deleted = await opened.store.deleteJob(job.id);
  services.log.info(`Deleted job ${job.id} (${job.pipelineName}) and ${deleted.records} record(s)`);
  services.store.notifyChanged();
  vscode.window.setStatusBarMessage(`DataGenFlow: deleted job #${job.id} and ${deleted.records} record(s)`, 5000);
}

/**
 * Re-reads the jobs. A read-only or failed database is reopened: the other writer may have finished, so this
 * window can take the write lock now.
 */
async function refreshJobs(services: Services): Promise<void> {
  const store = services.store;
  if (store.isOpen()) {
    const usable = await store.get().then(
      (opened) => !opened.readOnly,
      () => false,
    );
    if (!usable) {
      await store.reopen();
      return;
    }
  }
  store.notifyChanged();
}
