import * as vscode from 'vscode';
import type { OpenedStore } from '../core/store/openWorkspaceStore';
import type { JobRow } from '../core/store/storeTypes';
import type { Services } from '../host/services';
import { jobIcon, jobDescription } from '../jobs/jobPresentation';
import { jobIdOf } from './jobCommandArgs';

export interface PickedJob {
  opened: OpenedStore;
  /** Read from the database now: a tree item passed in may be older than the last refresh. */
  job: JobRow;
}

export interface JobPurpose {
  /** Quick pick title, e.g. "Resume which job?". */
  title: string;
  /** Why a job does not qualify, or undefined when it does. */
  refusal?: (job: JobRow) => string | undefined;
  /** Said when no job qualifies, e.g. "No job can be resumed". */
  none: string;
}

/**
 * The job a command acts on: the one in its argument (tree item or id), else one the user picks among the jobs
 * that qualify. A named job that does not qualify is refused with the reason. Undefined after telling the user.
 */
export async function resolveJob(services: Services, arg: unknown, purpose: JobPurpose): Promise<PickedJob | undefined> {
  const opened = await services.store.get();
  const id = jobIdOf(arg);
  if (id !== undefined) {
    const job = opened.store.listJobs().find((j) => j.id === id);
    if (!job) {
      void vscode.window.showErrorMessage(`There is no job #${id} in this workspace's database (it may have been deleted). The Jobs view lists the jobs.`);
      return undefined;
    }
    const refusal = purpose.refusal?.(job);
    if (refusal) {
      void vscode.window.showWarningMessage(refusal);
      return undefined;
    }
    return { opened, job };
  }
  const candidates = opened.store.listJobs().filter((j) => purpose.refusal?.(j) === undefined);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`${purpose.none}.`);
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((job) => ({ label: `$(${jobIcon(job)}) ${job.pipelineName}`, description: jobDescription(job, now), detail: job.pipelinePath, job })),
    { title: purpose.title, placeHolder: 'Newest first', matchOnDescription: true, matchOnDetail: true },
  );
  return picked && { opened, job: picked.job };
}

/** resolveJob for a command that writes: in a read-only database it says why it cannot and answers undefined. */
export async function resolveWritableJob(services: Services, arg: unknown, purpose: JobPurpose): Promise<PickedJob | undefined> {
  const picked = await resolveJob(services, arg, purpose);
  const locked = picked && readOnlyRefusal(picked.opened);
  if (locked) {
    void vscode.window.showWarningMessage(locked);
    return undefined;
  }
  return picked;
}

/** Writes need the write lock: in a read-only database, say who holds it and what to do. */
export function readOnlyRefusal(opened: OpenedStore): string | undefined {
  if (!opened.readOnly) return undefined;
  const who = opened.lockedBy ? `${opened.lockedBy.holder} (pid ${opened.lockedBy.pid})` : 'another process';
  return `The DataGenFlow database is read-only here: ${who} is writing it. Close that window or wait for the CLI run to end, then run "DataGenFlow: Refresh Jobs".`;
}
