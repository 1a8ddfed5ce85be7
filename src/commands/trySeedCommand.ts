import * as vscode from 'vscode';
import { seedLabel } from '../core/preview/previewText';
import { parseSeeds } from '../core/seeds/parseSeeds';
import type { TryRecord } from '../core/try/tryTypes';
import { associatedSeedFile, pipelinesOfSeedFile } from '../host/seedAssociation';
import { isFolder, readSeedFolder } from '../host/seedFolders';
import type { Services } from '../host/services';
import { requireTrust } from '../host/trust';
import { readText, relativePath } from '../host/workspaceFiles';
import type { TryPanels } from '../try/tryPanels';
import type { TryService } from '../try/tryService';
import { pickPipeline } from './pickFiles';

/** Seeds offered in the pick: the first ones of the file (a seed index argument reaches any). */
const PICKED_SEEDS = 200;

/**
 * DataGenFlow: Try Seed — runs the pipeline on one seed (no job: nothing enters the Jobs view or exports) and shows
 * each block's output as it arrives in the Try panel and on the canvas. Arguments (pipeline, seed index, chunk,
 * seed file) skip the picks; from a seed file's lens the pipeline is the one that file is the seed file of.
 * Resolves with the try once it ended.
 */
export async function trySeedCommand(
  services: Services,
  tries: TryService,
  panels: TryPanels,
  pipelineArg?: unknown,
  seedArg?: unknown,
  chunkArg?: unknown,
  seedsArg?: unknown,
): Promise<TryRecord | undefined> {
  if (!(await requireTrust('try a seed'))) return undefined;
  const seedsGiven = seedsArg instanceof vscode.Uri ? seedsArg : undefined;
  const pipeline = await pickPipeline(pipelineArg ?? (seedsGiven ? pipelineOf(services, seedsGiven) : undefined), 'Pipeline to try a seed with');
  if (!pipeline) return undefined;
  let seeds = seedsGiven ?? associatedSeedFile(services.context.workspaceState, pipeline);
  if (!seeds) {
    await vscode.commands.executeCommand('datagenflow.chooseSeedFile', pipeline);
    seeds = associatedSeedFile(services.context.workspaceState, pipeline);
    if (!seeds) return undefined;
  }
  const seedIndex = typeof seedArg === 'number' && Number.isInteger(seedArg) && seedArg >= 0 ? seedArg : await pickSeed(seeds);
  if (seedIndex === undefined) return undefined;
  await panels.show(pipeline);
  try {
    return await tries.run({ pipeline, seedIndex, seeds, ...(isChunk(chunkArg) ? { chunk: chunkArg } : {}) });
  } catch (e) {
    void vscode.window.showErrorMessage(`DataGenFlow: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** The pipeline whose seed file this is, when exactly one (else the command asks). */
function pipelineOf(services: Services, seeds: vscode.Uri): vscode.Uri | undefined {
  const paths = pipelinesOfSeedFile(services.context.workspaceState, seeds);
  const folder = vscode.workspace.getWorkspaceFolder(seeds);
  return paths.length === 1 && folder ? vscode.Uri.joinPath(folder.uri, paths[0]) : undefined;
}

function isChunk(value: unknown): value is { containing?: string; index?: number } {
  if (typeof value !== 'object' || value === null) return false;
  const o = value as Record<string, unknown>;
  return (o.containing === undefined || typeof o.containing === 'string') && (o.index === undefined || (typeof o.index === 'number' && Number.isInteger(o.index) && o.index >= 0));
}

async function pickSeed(seedsUri: vscode.Uri): Promise<number | undefined> {
  const source = (await isFolder(seedsUri)) ? await readSeedFolder(seedsUri, readText) : await readText(seedsUri);
  const parsed = parseSeeds(source, relativePath(seedsUri));
  if (parsed.seeds.length === 0) {
    void vscode.window.showWarningMessage(`${relativePath(seedsUri)} has no usable seeds: run DataGenFlow: Verify Seeds to see why.`);
    return undefined;
  }
  if (parsed.seeds.length === 1) return 0;
  const items = [];
  for (let i = 0; i < Math.min(parsed.seeds.length, PICKED_SEEDS); i++) {
    const seed = parsed.seeds.at(i);
    items.push({ label: `Seed ${i + 1}`, description: seed ? seedLabel(seed.metadata) : '', index: i });
  }
  const more = parsed.seeds.length > PICKED_SEEDS ? ` (the first ${PICKED_SEEDS} of ${parsed.seeds.length})` : '';
  return (await vscode.window.showQuickPick(items, { placeHolder: `Seed of ${relativePath(seedsUri)} to try${more}`, matchOnDescription: true }))?.index;
}
