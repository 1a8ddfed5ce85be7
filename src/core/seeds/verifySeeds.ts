import type { BlockRegistry } from '../blocks/blockTypes';
import { executionOrder } from '../pipeline/executionOrder';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { Problem } from '../problems';
import { pipelineRequirements } from './pipelineRequirements';
import { SeedProblemCode } from './seedProblemCodes';
import { seedListOf } from './seedList';
import type { Seed, SeedList, SeedLocator } from './seedTypes';

/**
 * Checks seeds against the pipeline that will run them: the file kind matches the pipeline (Markdown for a
 * pipeline that starts with a multiplier, JSON otherwise) and every seed's metadata has the fields the blocks need
 * (named with the block that needs them). Shape problems of the file itself come from `parseSeeds`; pass its
 * `locate` to range these problems in the seed file. Pipeline problems are `validatePipeline`'s job.
 */
export function verifySeeds(seeds: readonly Seed[] | SeedList, pipeline: PipelineFile, registry: BlockRegistry, locate?: SeedLocator): Problem[] {
  const first = executionOrder(pipeline)[0];
  if (!first) return [];
  const firstDefinition = registry.get(first.type);

  if (locate && firstDefinition) {
    const wrongKind = kindProblem(pipeline, first.id, first.type, firstDefinition.isMultiplier, locate);
    if (wrongKind) return [wrongKind];
  }

  const problems: Problem[] = [];
  const requirements = pipelineRequirements(pipeline, registry);
  if (requirements.length === 0) return problems;
  // One seed at a time: a list read from a file parses each seed's metadata here and drops it again.
  const list = seedListOf(seeds);
  for (let i = 0; i < list.length; i++) {
    const seed = list.at(i) as Seed;
    for (const { block, fields } of requirements) {
      const missing = fields.filter((f) => !Object.hasOwn(seed.metadata, f));
      if (missing.length === 0) continue;
      const label = locate?.label(i) ?? `Seed ${i + 1}`;
      const names = missing.map((f) => `"${f}"`).join(', ');
      const problem: Problem = {
        severity: 'error',
        code: SeedProblemCode.MissingField,
        message: `${label} is missing ${missing.length === 1 ? 'field' : 'fields'} ${names} in its metadata, needed by block "${block.id}" (${block.type}). Add ${missing.length === 1 ? 'it' : 'them'} to the seed's "metadata".`,
        path: locate?.path(i, ['metadata']) ?? [i, 'metadata'],
        blockId: block.id,
      };
      const range = locate?.range(i, ['metadata']);
      if (range) problem.range = range;
      problems.push(problem);
    }
  }
  return problems;
}

function kindProblem(pipeline: PipelineFile, id: string, type: string, multiplierFirst: boolean, locate: SeedLocator): Problem | undefined {
  let message: string | undefined;
  if (multiplierFirst && locate.kind === 'json') {
    message =
      `Pipeline "${pipeline.name}" starts with the multiplier block "${id}" (${type}), which splits a document into chunks: ` +
      `it expects a Markdown (.md) seed file, but ${locate.fileName} is JSON. Choose a .md file.`;
  } else if (!multiplierFirst && locate.kind === 'markdown') {
    message =
      `Pipeline "${pipeline.name}" expects a JSON seed file (an array of {"repetitions": 1, "metadata": {…}}), but ${locate.fileName} is Markdown; ` +
      'Markdown seeds are only for pipelines that start with a multiplier block such as the Markdown Chunker.';
  }
  if (!message) return undefined;
  const problem: Problem = { severity: 'error', code: SeedProblemCode.WrongFileKind, message, path: [] };
  const range = locate.fileRange();
  if (range) problem.range = range;
  return problem;
}
