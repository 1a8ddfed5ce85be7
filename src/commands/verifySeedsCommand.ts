import * as vscode from 'vscode';
import { summarizeProblems } from '../core/seeds/summarizeProblems';
import { associateSeedFile } from '../host/seedAssociation';
import { isFolder } from '../host/seedFolders';
import type { Services } from '../host/services';
import { isPipelineUri, relativePath } from '../host/workspaceFiles';
import { checkPipeline, checkSeeds, showProblemsPanel } from './checkFiles';
import { pickPipeline } from './pickFiles';

const PIPELINE_FOR_SEEDS = 'datagenflow.pipelineForSeeds';

/**
 * DataGenFlow: Verify Seeds — checks a seed file (or a folder of Markdown documents) against a pipeline (asked once per seed file when there are
 * several, then remembered); problems go to the Problems panel, a summary to a notification. Reads only, so it
 * also works in Restricted Mode.
 */
export async function verifySeedsCommand(services: Services, arg?: unknown): Promise<void> {
  const seedsUri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!seedsUri || isPipelineUri(seedsUri) || !(/\.(json|md|markdown)$/i.test(seedsUri.fsPath) || (await isFolder(seedsUri)))) {
    void vscode.window.showWarningMessage('Verify Seeds works on a .json or .md seed file, or a folder of .md files: right-click one in the explorer, or open it first.');
    return;
  }
  const seedsLabel = relativePath(seedsUri);
  const remembered = services.context.workspaceState.get<Record<string, string>>(PIPELINE_FOR_SEEDS, {});
  const pipelineUri = await pickPipeline(undefined, `Pipeline to verify ${seedsLabel} against`, remembered[seedsLabel]);
  if (!pipelineUri) return;
  await services.context.workspaceState.update(PIPELINE_FOR_SEEDS, { ...remembered, [seedsLabel]: relativePath(pipelineUri) });
  await associateSeedFile(services.context.workspaceState, pipelineUri, seedsUri);
  const checked = await checkPipeline(services, pipelineUri);
  if (!checked.pipeline) {
    void vscode.window.showErrorMessage(`${relativePath(pipelineUri)} cannot be read as a pipeline: see the Problems panel.`);
    await showProblemsPanel();
    return;
  }
  const result = await checkSeeds(services, seedsUri, checked.pipeline);
  const summary = summarizeProblems(result.problems);
  if (summary.errors === 0 && summary.warnings === 0) {
    void vscode.window.showInformationMessage(`${seedsLabel}: ${result.seeds.length} seed(s) OK for ${relativePath(pipelineUri)}.`);
    return;
  }
  const head = `${seedsLabel}: ${summary.errors} error(s), ${summary.warnings} warning(s) — ${summary.text}`;
  const show = 'Show Problems';
  const notify = summary.errors > 0 ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  // Not awaited: the command is done once the problems are listed; the notification waits for the user.
  void notify(head, show).then(async (choice) => {
    if (choice === show) await showProblemsPanel();
  });
}
