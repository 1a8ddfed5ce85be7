import type { BlockRegistry } from '../blocks/blockTypes';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { parseSeeds, type SeedReadOptions } from './parseSeeds';
import type { ParsedSeeds } from './seedTypes';
import { verifySeeds } from './verifySeeds';

/**
 * Verify Seeds in one call (command, CLI, before Generate): the file's own problems from `parseSeeds`, then the
 * problems of its seeds against the pipeline, all ranged in the seed file. `options.maxUnits` is the job's unit
 * limit (the `datagenflow.maxUnitsPerJob` setting).
 */
export function checkSeedFile(text: string, fileName: string, pipeline: PipelineFile, registry: BlockRegistry, options?: SeedReadOptions): ParsedSeeds {
  const parsed = parseSeeds(text, fileName, options);
  const againstPipeline = verifySeeds(parsed.seeds, pipeline, registry, parsed.locate);
  return { ...parsed, problems: [...parsed.problems, ...againstPipeline] };
}
