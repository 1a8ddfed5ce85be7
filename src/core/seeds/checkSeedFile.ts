import type { BlockRegistry } from '../blocks/blockTypes';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { parseSeeds } from './parseSeeds';
import type { ParsedSeeds } from './seedTypes';
import { verifySeeds } from './verifySeeds';

/**
 * Verify Seeds in one call (command, CLI, before Generate): the file's own problems from `parseSeeds`, then the
 * problems of its seeds against the pipeline, all ranged in the seed file.
 */
export function checkSeedFile(text: string, fileName: string, pipeline: PipelineFile, registry: BlockRegistry): ParsedSeeds {
  const parsed = parseSeeds(text, fileName);
  const againstPipeline = verifySeeds(parsed.seeds, pipeline, registry, parsed.locate);
  return { ...parsed, problems: [...parsed.problems, ...againstPipeline] };
}
