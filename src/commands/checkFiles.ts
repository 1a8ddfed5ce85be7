import * as vscode from 'vscode';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { hasErrors } from '../core/problems';
import { checkSeedFile } from '../core/seeds/checkSeedFile';
import type { ParsedSeeds } from '../core/seeds/seedTypes';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { readText, relativePath } from '../host/workspaceFiles';

export interface CheckedPipeline {
  uri: vscode.Uri;
  text: string;
  pipeline?: PipelineFile;
  ok: boolean;
}

/** Parses a pipeline file and puts its problems in the Problems panel. */
export async function checkPipeline(services: Services, uri: vscode.Uri): Promise<CheckedPipeline> {
  const text = await readText(uri);
  const parsed = parsePipeline(text, services.registry(), { renderLimits: readSettings(workspaceFolder()).templates });
  services.diagnostics.set(uri, parsed.problems);
  return { uri, text, pipeline: parsed.pipeline, ok: parsed.pipeline !== undefined && !hasErrors(parsed.problems) };
}

/**
 * Checks a seed file against a pipeline (and the unit limit, `datagenflow.maxUnitsPerJob`) and puts its problems in
 * the Problems panel at their exact ranges.
 */
export async function checkSeeds(services: Services, uri: vscode.Uri, pipeline: PipelineFile): Promise<ParsedSeeds & { text: string }> {
  const text = await readText(uri);
  const result = checkSeedFile(text, relativePath(uri), pipeline, services.registry(), { maxUnits: readSettings(workspaceFolder()).maxUnitsPerJob });
  services.diagnostics.set(uri, result.problems);
  return { ...result, text };
}

export async function showProblemsPanel(): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}
