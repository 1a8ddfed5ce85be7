import * as vscode from 'vscode';
import { modelsWantBatch } from '../core/batch/batchChoice';
import { batchPricedPlan } from '../core/batch/batchPlan';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import { executionOrder } from '../core/pipeline/executionOrder';
import { hasErrors } from '../core/problems';
import { associatedSeedPath, associateSeedFile } from '../host/seedAssociation';
import type { Services } from '../host/services';
import { requireTrust } from '../host/trust';
import { relativePath } from '../host/workspaceFiles';
import { checkPipeline, checkSeeds, seedsForRun, showProblemsPanel } from './checkFiles';
import { releaseSeeds } from '../core/seeds/seedList';
import { planEstimate, PLAN_METADATA_KEY } from '../core/plan/planEstimate';
import { finishedNotification } from './finishedNotification';
import { confirmPlannedCost, planBeforeGenerate } from './generatePlan';
import { pickPipeline, pickSeeds } from './pickFiles';
import { noJobRunning } from './runningJobGuard';
import { seedsHash } from '../core/seeds/seedsHash';

/**
 * DataGenFlow: Generate — pipeline from the editor, explorer or a pick; seeds from a pick (last used first); a plan
 * first (asking when its cost is above datagenflow.confirmAboveCost), stored with the job. A batch job (Generate as
 * Batch Job, or every model the pipeline uses has `"batch": true`) goes through the provider's Batch API.
 */
export async function generateCommand(services: Services, pipelineArg?: unknown, seedsArg?: unknown, options: { batch?: boolean } = {}): Promise<void> {
  if (!(await requireTrust('generate records'))) return;
  if (!(await noJobRunning(services))) return;
  const pipelineUri = await pickPipeline(pipelineArg, 'Pipeline to run');
  if (!pipelineUri) return;
  const checked = await checkPipeline(services, pipelineUri);
  const label = relativePath(pipelineUri);
  if (!checked.ok || !checked.pipeline) {
    void vscode.window.showErrorMessage(`${label} has errors: fix them before generating (saving an invalid pipeline is fine, running it is not).`);
    await showProblemsPanel();
    return;
  }
  const pipeline = checked.pipeline;
  const first = executionOrder(pipeline)[0];
  const kind = first && services.registry().get(first.type)?.isMultiplier ? 'documents' : 'json';
  const seedsUri = selectedSeeds(seedsArg) ?? (await pickSeeds(kind, associatedSeedPath(services.context.workspaceState, pipelineUri), label));
  if (!seedsUri) return;
  const seeds = await checkSeeds(services, seedsUri, pipeline);
  if (hasErrors(seeds.problems)) {
    void vscode.window.showErrorMessage(`${relativePath(seedsUri)} has errors for ${label}: see the Problems panel.`);
    await showProblemsPanel();
    return;
  }
  // The run's seeds are taken now, as checked (a snapshot of the file when no editor has it open).
  const runSeeds = await seedsForRun(seedsUri, seeds);
  try {
    await associateSeedFile(services.context.workspaceState, pipelineUri, seedsUri);
    // The plan before the run: asked about when over datagenflow.confirmAboveCost, kept with the job to compare after.
    const settings = readSettings(workspaceFolder());
    const batch = options.batch === true || modelsWantBatch(pipeline, services.registry(), settings);
    // A batch job is confirmed and kept at batch prices (the plan says so, with the provider's completion window).
    const online = await planBeforeGenerate(services, label, pipeline, seeds.seeds);
    const plan = online && batch ? batchPricedPlan(online, settings, settings.batch.completionWindow) : online;
    if (!(await confirmPlannedCost(plan, label))) return;
    const result = await services.jobs.generate({
      pipelinePath: label,
      pipelineText: checked.text,
      pipeline,
      seedsPath: relativePath(seedsUri),
      seedsHash: seedsHash(seeds.source),
      seeds: runSeeds,
      ...(plan ? { metadata: { [PLAN_METADATA_KEY]: { ...planEstimate(plan) } } } : {}),
    }, { batch });
    if (result) void finishedNotification(result);
  } catch (e) {
    services.log.error('Generate failed', e);
    void vscode.window.showErrorMessage(`DataGenFlow could not run ${label}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    releaseSeeds(runSeeds);
  }
}

/** From the explorer: the seed file or folder selected together with the pipeline (multi-selection), if any. */
function selectedSeeds(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  // A name without an extension is taken for a folder of Markdown documents; checkSeeds reads it as one.
  const seedLike = (u: vscode.Uri) => (/\.(json|md|markdown)$/i.test(u.fsPath) || !/\.[^/\\]*$/.test(u.path)) && !u.fsPath.endsWith('.dgf.json');
  if (Array.isArray(arg)) return arg.find((u): u is vscode.Uri => u instanceof vscode.Uri && seedLike(u));
  return undefined;
}
