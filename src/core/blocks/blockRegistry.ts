import type { BlockDefinition, BlockRegistry } from './blockTypes';
import { jsonValidator } from './jsonValidator';
import { structuredGenerator } from './structuredGenerator';
import { textGenerator } from './textGenerator';

export const BUILTIN_BLOCKS: readonly BlockDefinition[] = [textGenerator, structuredGenerator, jsonValidator];

/** A registry of the built-in blocks plus `extra` ones (custom blocks); a built-in name always wins. */
export function createBlockRegistry(extra: readonly BlockDefinition[] = []): BlockRegistry {
  const byType = new Map<string, BlockDefinition>();
  for (const block of extra) byType.set(block.type, block);
  for (const block of BUILTIN_BLOCKS) byType.set(block.type, block);
  const sortedTypes = [...byType.keys()].sort();
  return {
    get: (type) => byType.get(type),
    types: () => [...sortedTypes],
    all: () => sortedTypes.map((t) => byType.get(t) as BlockDefinition),
  };
}
