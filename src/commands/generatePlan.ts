import * as vscode from 'vscode';
import { readPlanHistory, withTries } from '../core/plan/planHistory';
import { planRun } from '../core/plan/planRun';
import { planCostText, planSummaryText } from '../core/plan/planText';
import type { RunPlan } from '../core/plan/planTypes';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import type { SeedList } from '../core/seeds/seedTypes';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { keptTries } from '../try/keptTries';
import { generateDialogs } from './generateDialogs';

/**
 * The plan of a Generate (see planRun): earlier jobs of the pipeline from the workspace database, the settings the
 * run will use. A plan that cannot be made (a custom block throwing, the database unreadable) is logged and the
 * run goes on without one: planning never stops a run.
 */
export async function planBeforeGenerate(services: Services, pipelinePath: string, pipeline: PipelineFile, seeds: SeedList): Promise<RunPlan | undefined> {
  try {
    const opened = await services.store.get();
    const folder = workspaceFolder();
    const tries = folder ? await keptTries(vscode.Uri.joinPath(folder.uri, pipelinePath)).catch(() => []) : [];
    const history = withTries(await readPlanHistory(opened.store, pipelinePath), tries);
    const settings = readSettings(folder);
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `DataGenFlow: planning ${pipeline.name}` }, () =>
      planRun({
        pipeline,
        seeds,
        registry: services.registry(),
        settings,
        renderLimits: settings.templates,
        secrets: (name) => services.keys.secret(name),
        ...(history ? { history } : {}),
      }),
    );
  } catch (e) {
    services.log.error(`Could not plan ${pipelinePath}; running without an estimate`, e);
    return undefined;
  }
}

/**
 * Asks before a run whose estimated cost is above `datagenflow.confirmAboveCost` (USD; unset: never asks). The
 * cost compared is the plan's (a lower bound when some model has no price). True: run.
 */
export async function confirmPlannedCost(plan: RunPlan | undefined, label: string): Promise<boolean> {
  const limit = vscode.workspace.getConfiguration('datagenflow').get<number | null>('confirmAboveCost');
  const cost = plan?.totals.cost;
  if (!plan || typeof limit !== 'number' || cost === undefined || cost <= limit) return true;
  const message = `Generating ${label} is estimated to cost ${planCostText(plan)}, above datagenflow.confirmAboveCost ($${limit}).`;
  const detail = [planSummaryText(plan), '', ...plan.notes].join('\n');
  if (generateDialogs.confirmCost) return generateDialogs.confirmCost(message, detail);
  const run = 'Run';
  return (await vscode.window.showWarningMessage(message, { modal: true, detail }, run)) === run;
}
