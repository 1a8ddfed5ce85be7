import * as vscode from 'vscode';
import { executionOrder } from '../core/pipeline/executionOrder';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import { associatedSeedPath, associateSeedFile } from '../host/seedAssociation';
import type { Services } from '../host/services';
import { readText, relativePath } from '../host/workspaceFiles';
import { pickPipeline, pickSeeds } from './pickFiles';

/**
 * DataGenFlow: Choose Seed File for Pipeline — the seed file whose fields the pipeline's templates are completed and
 * checked against (and that Generate offers first). Arguments (pipeline, seeds) skip the picks.
 */
export async function chooseSeedFileCommand(services: Services, pipelineArg?: unknown, seedsArg?: unknown): Promise<void> {
  const pipelineUri = await pickPipeline(pipelineArg, 'Pipeline to choose a seed file for');
  if (!pipelineUri) return;
  const label = relativePath(pipelineUri);
  const seedsUri = seedsArg instanceof vscode.Uri ? seedsArg : await pickSeeds(await seedKind(services, pipelineUri), associatedSeedPath(services.context.workspaceState, pipelineUri), label);
  if (!seedsUri) return;
  await associateSeedFile(services.context.workspaceState, pipelineUri, seedsUri);
  void vscode.window.showInformationMessage(`${relativePath(seedsUri)} is the seed file of ${label}: its templates now offer and check its fields.`);
}

/** Documents for a pipeline that starts with a multiplier, JSON seeds otherwise (as Generate asks). */
async function seedKind(services: Services, pipelineUri: vscode.Uri): Promise<'json' | 'documents'> {
  const pipeline = parsePipeline(await readText(pipelineUri), services.registry()).pipeline;
  const first = pipeline ? executionOrder(pipeline)[0] : undefined;
  return first && services.registry().get(first.type)?.isMultiplier ? 'documents' : 'json';
}
