import { readdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { batchJobsRoot } from '../core/batch/batchFolder';
import { batchJobMetadata } from '../core/batch/batchJobLauncher';
import { finishedNotification } from '../commands/finishedNotification';
import type { Services } from './services';

/**
 * Picks up batch jobs that were waiting for their provider when the window (or the CLI running them) went away:
 * each interrupted batch job with a batch folder is resumed, which polls its batches again. Cheap when there is
 * none: one directory read, and the database is opened only when a folder exists. Only in a trusted workspace
 * (a job may run custom blocks). Returns the ids of the jobs resumed.
 */
export async function reattachBatchJobs(services: Services): Promise<number[]> {
  if (!vscode.workspace.isTrusted) return [];
  const path = services.store.path();
  if (!path) return [];
  let ids: number[];
  try {
    ids = (await readdir(batchJobsRoot(path))).map((name) => /^job-(\d+)$/.exec(name)?.[1]).filter((id): id is string => id !== undefined).map(Number);
  } catch {
    return [];
  }
  if (ids.length === 0) return [];
  const opened = await services.store.get();
  if (opened.readOnly) return [];
  const resumed: number[] = [];
  for (const id of ids.sort((a, b) => a - b)) {
    const job = opened.store.jobRow(id);
    if (!job || job.status !== 'interrupted' || !batchJobMetadata(job) || services.jobs.running) continue;
    services.log.info(`Batch job ${id} (${job.pipelineName}) was waiting for its provider: polling its batches again`);
    resumed.push(id);
    const result = await services.jobs.resume(id, 'resume', job.pipelineName, true);
    if (result) finishedNotification(result);
  }
  return resumed;
}
