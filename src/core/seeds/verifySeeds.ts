import type { BlockRegistry } from '../blocks/blockTypes';
import { executionOrder } from '../pipeline/executionOrder';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { Problem } from '../problems';
import { missingFieldProblems } from './missingFieldProblems';
import { pipelineRequirements } from './pipelineRequirements';
import { SeedProblemCode } from './seedProblemCodes';
import { seedListOf } from './seedList';
import type { Seed, SeedList, SeedLocator } from './seedTypes';

/**
 * Checks seeds against the pipeline that will run them: the file kind matches the pipeline (Markdown — a file or
 * a folder — only for a pipeline that starts with a multiplier, which also takes JSON seeds of documents) and
 * every seed's metadata has the fields the blocks cannot run without (errors) and those they read but run without
 * (warnings saying what the run gives instead): one problem per field, listing the seeds that lack it, named with
 * the blocks that read it. Shape problems of the file itself come from `parseSeeds`; pass its `locate` to range
 * these problems in the seed file. Pipeline problems are `validatePipeline`'s job.
 */
export function verifySeeds(seeds: readonly Seed[] | SeedList, pipeline: PipelineFile, registry: BlockRegistry, locate?: SeedLocator): Problem[] {
  const first = executionOrder(pipeline)[0];
  if (!first) return [];
  const firstDefinition = registry.get(first.type);

  if (locate && firstDefinition) {
    const wrongKind = kindProblem(pipeline, first.id, first.type, firstDefinition.isMultiplier, locate);
    if (wrongKind) return [wrongKind];
  }

  // One problem per missing field, listing the seeds that lack it.
  return missingFieldProblems(seedListOf(seeds), pipelineRequirements(pipeline, registry), locate);
}

function kindProblem(pipeline: PipelineFile, id: string, type: string, multiplierFirst: boolean, locate: SeedLocator): Problem | undefined {
  // A multiplier pipeline takes any of the three forms (a .md file, a folder of them, JSON seeds of documents).
  if (multiplierFirst || locate.kind === 'json') return undefined;
  const what = locate.kind === 'folder' ? 'a folder of Markdown documents' : 'Markdown';
  const message =
    `Pipeline "${pipeline.name}" expects a JSON seed file (an array of {"repetitions": 1, "metadata": {…}}), but ${locate.fileName} is ${what}; ` +
    `Markdown seeds are only for pipelines that start with a multiplier block such as the Markdown Chunker (this one starts with "${id}", ${type}).`;
  const problem: Problem = { severity: 'error', code: SeedProblemCode.WrongFileKind, message, path: [] };
  const range = locate.fileRange();
  if (range) problem.range = range;
  return problem;
}
