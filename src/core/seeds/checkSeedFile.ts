import type { BlockRegistry } from '../blocks/blockTypes';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { documentMultiplier, documentProblems } from './documentSeeds';
import { parseSeeds, type SeedReadOptions } from './parseSeeds';
import { SeedProblemCode } from './seedProblemCodes';
import type { ParsedSeeds, SeedSource } from './seedTypes';
import { verifySeeds } from './verifySeeds';

/**
 * Verify Seeds in one call (command, CLI, before Generate): the file's (or folder's) own problems from
 * `parseSeeds`, then the problems of its seeds against the pipeline, all ranged in the seed file. JSON seeds for
 * a pipeline that starts with a document multiplier must each hold a non-empty document. `options.maxUnits` is
 * the job's unit limit (the `datagenflow.maxUnitsPerJob` setting).
 */
export function checkSeedFile(source: SeedSource, fileName: string, pipeline: PipelineFile, registry: BlockRegistry, options?: SeedReadOptions): ParsedSeeds {
  const parsed = parseSeeds(source, fileName, options);
  const againstPipeline = verifySeeds(parsed.seeds, pipeline, registry, parsed.locate);
  const multiplier = parsed.locate.kind === 'json' ? documentMultiplier(pipeline, registry) : undefined;
  const documents = multiplier && !againstPipeline.some((p) => p.code === SeedProblemCode.WrongFileKind) ? documentProblems(parsed.seeds, multiplier, parsed.locate) : [];
  return { ...parsed, problems: [...parsed.problems, ...againstPipeline, ...documents] };
}
