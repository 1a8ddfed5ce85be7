import { access } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { readPlanHistory, withTries, type PlanHistory } from '../core/plan/planHistory';
import { planRun } from '../core/plan/planRun';
import { planTable } from '../core/plan/planText';
import { batchPlanOf, batchPlanText } from '../core/batch/batchPlan';
import { modelsWantBatch } from '../core/batch/batchChoice';
import { nodeTryFiles } from '../core/try/nodeTryFiles';
import { TryStore } from '../core/try/tryStore';
import type { PlanArgs } from './args';
import { createEngine, type CliIo } from './engineSetup';
import { EXIT } from './exitCodes';
import { loadValidInputs } from './loadInputs';
import { databaseLocation, openStoreForCli } from './storeAccess';

/**
 * `datagenflow plan`: what `run` with the same arguments would take (units, calls, tokens, cost, time), from a dry
 * run of a sample of units, the workspace database's earlier jobs of the pipeline and its kept tries
 * (`.datagenflow/tries`, from `datagenflow try` or the Try panel). Sends nothing to any model;
 * reads the database only (it works while another process writes it).
 */
export async function planCommand(args: PlanArgs, io: CliIo): Promise<number> {
  const engine = await createEngine(args, io);
  const inputs = await loadValidInputs(args, engine, io, 'No plan');
  if (!inputs) return EXIT.couldNotRun;
  const pipelinePath = relative(resolve(args.workspace), resolve(args.pipeline));
  const tries = await new TryStore(nodeTryFiles(join(resolve(args.workspace), '.datagenflow', 'tries'))).list(pipelinePath);
  const history = withTries(await earlierJobs(args, io, pipelinePath), tries);
  const plan = await planRun({
    pipeline: inputs.pipeline,
    seeds: inputs.seeds,
    registry: engine.registry,
    settings: engine.settings,
    renderLimits: engine.settings.templates,
    secrets: engine.secrets,
    signal: io.interrupt,
    ...(history ? { history } : {}),
  });
  // A batch run (--batch, or models with "batch": true) is priced both ways, with the provider's completion window.
  const batch = args.batch || modelsWantBatch(inputs.pipeline, engine.registry, engine.settings) ? batchPlanOf(plan, engine.settings, engine.settings.batch.completionWindow) : undefined;
  io.stdout.write(args.json ? `${JSON.stringify(batch ? { ...plan, batch } : plan)}\n` : `${planTable(plan)}${batch ? `${batchPlanText(batch)}\n` : ''}`);
  return EXIT.ok;
}

/** The pipeline's earlier jobs in the workspace database; none when there is no database yet. */
async function earlierJobs(args: PlanArgs, io: CliIo, pipelinePath: string): Promise<PlanHistory | undefined> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  try {
    await access(path);
  } catch {
    return undefined;
  }
  const opened = await openStoreForCli(path, io.stderr, true, explicit);
  try {
    return await readPlanHistory(opened.store, pipelinePath);
  } finally {
    await opened.close();
  }
}
