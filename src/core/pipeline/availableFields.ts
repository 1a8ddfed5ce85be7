import type { BlockRegistry } from '../blocks/blockTypes';
import { fieldOrigins } from './fieldOrigins';
import type { PipelineFile } from './pipelineTypes';

/**
 * Per block id, the names of the accumulated-state fields available BEFORE that block: the seed's metadata fields
 * plus the declared outputs of the blocks upstream of it (dynamic outputs `*` cannot be named and are left out).
 * See `fieldOrigins` for where each comes from.
 */
export function availableFields(pipeline: PipelineFile, registry: BlockRegistry, seedFields: readonly string[]): Map<string, string[]> {
  return new Map([...fieldOrigins(pipeline, registry, seedFields)].map(([id, at]) => [id, at.fields.map((f) => f.name)]));
}
