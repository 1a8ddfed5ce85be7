import * as vscode from 'vscode';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { hasErrors } from '../core/problems';
import { checkSeedFile } from '../core/seeds/checkSeedFile';
import { seedsReadFromFile } from '../core/seeds/fileSeedList';
import type { ParsedSeeds, SeedList, SeedSource } from '../core/seeds/seedTypes';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import { isFolder, readSeedFolder } from '../host/seedFolders';
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
 * Checks a seed file or folder against a pipeline (and the unit limit, `datagenflow.maxUnitsPerJob`) and puts its
 * problems in the Problems panel at their exact ranges: a folder's on the Markdown file each is about.
 */
export async function checkSeeds(services: Services, uri: vscode.Uri, pipeline: PipelineFile): Promise<ParsedSeeds & { source: SeedSource }> {
  const source = (await isFolder(uri)) ? await readSeedFolder(uri, readText) : await readText(uri);
  const result = checkSeedFile(source, relativePath(uri), pipeline, services.registry(), { maxUnits: readSettings(workspaceFolder()).maxUnitsPerJob });
  if (typeof source === 'string') {
    services.diagnostics.set(uri, result.problems);
  } else {
    // Problems of a folder's document have its index first in their path (see parseFolderSeeds).
    const about = (i: number) => result.problems.filter((p) => p.path[0] === i);
    // A problem about several documents (a field they all lack) lists each at its own file.
    const documentUri = (path: readonly (string | number)[]) => {
      const document = typeof path[0] === 'number' ? source.documents[path[0]] : undefined;
      return document ? vscode.Uri.joinPath(uri, document.path) : uri;
    };
    services.diagnostics.set(uri, result.problems.filter((p) => typeof p.path[0] !== 'number'), documentUri);
    source.documents.forEach((d, i) => services.diagnostics.set(vscode.Uri.joinPath(uri, d.path), about(i), documentUri));
  }
  return { ...result, source };
}

/**
 * The checked seeds as a run reads them: from a snapshot of the seed file when no editor has it open (the disk's
 * text is what was checked; the run need not keep it, and the file may be edited meanwhile), else from the open
 * document's text. The caller releases them (releaseSeeds) once the run is over.
 */
export async function seedsForRun(uri: vscode.Uri, checked: ParsedSeeds & { source: SeedSource }): Promise<SeedList> {
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  if (open || uri.scheme !== 'file' || typeof checked.source !== 'string') return checked.seeds;
  return seedsReadFromFile(checked.seeds, checked.source, uri.fsPath, relativePath(uri));
}

export async function showProblemsPanel(): Promise<void> {
  await vscode.commands.executeCommand('workbench.actions.view.problems');
}
