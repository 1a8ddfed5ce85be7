import * as vscode from 'vscode';
import { hasErrors } from '../core/problems';
import type { LaunchResult } from '../core/run/jobLauncher';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { requireTrust } from '../host/trust';
import { rerunRefusal } from '../jobs/jobPresentation';
import { checkPipeline, checkSeeds, seedsForRun, showProblemsPanel } from './checkFiles';
import { releaseSeeds } from '../core/seeds/seedList';
import { finishedNotification } from './finishedNotification';
import { resolveWritableJob } from './jobPick';
import { noJobRunning } from './runningJobGuard';
import { seedsHash } from '../core/seeds/seedsHash';

/** What Re-run with changes resolves with when the new job ended: the job, the outcome and the notification's text. */
export interface RerunWithChangesResult extends LaunchResult {
  message: string;
}

/**
 * DataGenFlow: Re-run Job with Changes — the job's pipeline file as it is now over the job's seeds, as a new job
 * that reuses every stored answer whose request did not change (replay when datagenflow.responseCache says so):
 * edit the last block's prompt and only that block calls the endpoint.
 */
export async function rerunJobCommand(services: Services, arg: unknown): Promise<RerunWithChangesResult | undefined> {
  if (!(await requireTrust('re-run jobs'))) return;
  if (!(await noJobRunning(services))) return;
  const picked = await resolveWritableJob(services, arg, { title: 'Re-run which job with the current pipeline?', refusal: rerunRefusal, none: 'No job can be re-run: it needs a finished job with a seed file' });
  if (!picked) return;
  const { job } = picked;
  const pipelineUri = inWorkspace(job.pipelinePath);
  const checked = await checkPipeline(services, pipelineUri);
  if (!checked.ok || !checked.pipeline) {
    void vscode.window.showErrorMessage(`${job.pipelinePath} has errors: fix them before re-running job #${job.id}.`);
    await showProblemsPanel();
    return;
  }
  const seedsPath = job.seedsPath as string; // rerunRefusal: the job has one
  const seeds = await checkSeeds(services, inWorkspace(seedsPath), checked.pipeline);
  if (hasErrors(seeds.problems)) {
    void vscode.window.showErrorMessage(`${seedsPath} has errors for ${job.pipelinePath}: see the Problems panel.`);
    await showProblemsPanel();
    return;
  }
  const responseCache = readSettings(workspaceFolder()).responseCache === 'replay' ? 'replay' : 'reuse';
  services.log.info(`Re-running job ${job.id} with ${job.pipelinePath} as it is now (stored answers: ${responseCache})`);
  const runSeeds = await seedsForRun(inWorkspace(seedsPath), seeds);
  try {
    const result = await services.jobs.generate(
      {
        pipelinePath: job.pipelinePath,
        pipelineText: checked.text,
        pipeline: checked.pipeline,
        seedsPath,
        seedsHash: seedsHash(seeds.source),
        seeds: runSeeds,
        metadata: { rerunOf: job.id },
      },
      { responseCache },
    );
    return result ? { ...result, message: finishedNotification(result) } : undefined;
  } catch (e) {
    services.log.error('Re-run failed', e);
    void vscode.window.showErrorMessage(`DataGenFlow could not re-run job #${job.id}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    releaseSeeds(runSeeds);
  }
}

function inWorkspace(path: string): vscode.Uri {
  const folder = workspaceFolder();
  return path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path) || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
}
