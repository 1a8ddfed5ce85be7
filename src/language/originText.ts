import type { FieldOrigin } from '../core/pipeline/fieldOrigins';
import type { SeedFieldsSource } from '../core/pipeline/templateAnalysis';

/** Where a field comes from, in a few words: completion details and hovers. */
export function originText(origin: FieldOrigin, seeds: SeedFieldsSource): string {
  if (origin.kind === 'block') return `output of block "${origin.blockId}"${origin.blockType ? ` (${origin.blockType})` : ''}`;
  if (seeds.kind === 'file') return `seed field · ${seeds.fileName}`;
  return 'seed field · expected (no seed file read)';
}

/** Why the seed fields are expected ones, with what to do about it; undefined when they come from the seed file. */
export function seedSourceNote(seeds: SeedFieldsSource): string | undefined {
  if (seeds.kind === 'file') return undefined;
  if (seeds.reason) return `The seed file ${seeds.fileName ?? ''} could not be read (${seeds.reason}): seed fields are the ones this pipeline expects.`;
  return 'No seed file is chosen for this pipeline: seed fields are the ones it expects. Run "DataGenFlow: Choose Seed File for Pipeline" (or Generate) to use a seed file\'s fields.';
}
