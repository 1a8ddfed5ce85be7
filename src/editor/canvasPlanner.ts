import * as vscode from 'vscode';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import { readPlanHistory, withTries, type PlanHistory } from '../core/plan/planHistory';
import { planRun } from '../core/plan/planRun';
import { readSettings } from '../host/hostSettings';
import { associatedSeedFile } from '../host/seedAssociation';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';
import { keptTries } from '../try/keptTries';
import type { CanvasPlanner } from './canvasPlan';
import { canvasPlanDetails, canvasPlanSummary } from './canvasPlanText';
import type { CanvasSeedFiles } from './canvasSeedFiles';

/**
 * The canvas header's planner for one pipeline document: the plan Generate would make (planRun: a dry run of a
 * sample of units, earlier jobs of the pipeline from the workspace database, the settings the run would use) over
 * the associated seed file. It rejects with a sentence for the header's tooltip when there can be no plan.
 */
export function canvasPlanner(document: vscode.TextDocument, services: Services, seedFiles: CanvasSeedFiles): CanvasPlanner {
  return async (seedFile, signal) => {
    // Planning executes the pipeline's blocks (custom ones too) against a model stand-in: not in Restricted Mode.
    if (!vscode.workspace.isTrusted) throw new Error('Restricted Mode: trust the workspace to plan (planning runs the pipeline\'s blocks, without calling any model).');
    const seedUri = associatedSeedFile(services.context.workspaceState, document.uri);
    if (!seedUri) throw new Error('No seed file is chosen for this pipeline.');
    const registry = services.registry();
    const parsed = parsePipeline(document.getText(), registry);
    const errors = parsed.problems.filter((p) => p.severity === 'error');
    if (!parsed.pipeline || errors.length > 0) throw new Error(`The pipeline has ${errors.length || 'some'} error(s)${errors[0] ? `: ${errors[0].message}` : ''}.`);
    const seeds = await seedFiles.parsed.seeds(seedUri);
    const seedErrors = seeds.problems.filter((p) => p.severity === 'error');
    if (seedErrors.length > 0) throw new Error(`${seedFile} has ${seedErrors.length} error(s): ${seedErrors[0].message}`);
    const label = relativePath(document.uri);
    let history: PlanHistory | undefined;
    try {
      history = await readPlanHistory((await services.store.get()).store, label);
    } catch (e) {
      // Without the database the plan still counts tokens and calls; it just has no earlier jobs to learn from.
      services.log.warn(`Canvas plan of ${label}: earlier jobs could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
    history = withTries(history, await keptTries(document.uri).catch(() => []));
    const settings = readSettings(document.uri);
    const plan = await planRun({
      pipeline: parsed.pipeline,
      seeds: seeds.seeds,
      registry,
      settings,
      renderLimits: settings.templates,
      secrets: (name) => services.keys.secret(name),
      signal,
      ...(history ? { history } : {}),
    });
    return { summary: canvasPlanSummary(plan), details: canvasPlanDetails(plan, seedFile) };
  };
}
