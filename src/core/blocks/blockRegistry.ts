import type { BlockDefinition, BlockRegistry } from './blockTypes';
import { coherenceScore } from './coherenceScore';
import { conversationGenerator } from './conversationGenerator';
import { diversityScore } from './diversityScore';
import { duplicateRemover } from './duplicateRemover';
import { fieldMapper } from './fieldMapper';
import { jsonValidator } from './jsonValidator';
import { langfuseDataset } from './langfuseDataset';
import { markdownMultiplier } from './markdownMultiplier';
import { ragasMetrics } from './ragasMetrics';
import { rougeScore } from './rougeScore';
import { semanticInfiller } from './semanticInfiller';
import { structureSampler } from './structureSampler';
import { structuredGenerator } from './structuredGenerator';
import { textGenerator } from './textGenerator';
import { validator } from './validator';

/** Every built-in block, in palette order (seeders, generators, validators, metrics, utilities, integrations). */
export const BUILTIN_BLOCKS: readonly BlockDefinition[] = [
  markdownMultiplier,
  structureSampler,
  textGenerator,
  structuredGenerator,
  semanticInfiller,
  conversationGenerator,
  validator,
  jsonValidator,
  duplicateRemover,
  coherenceScore,
  diversityScore,
  rougeScore,
  ragasMetrics,
  fieldMapper,
  langfuseDataset,
];

/** A registry of the built-in blocks plus `extra` ones (custom blocks); a built-in name always wins. */
export function createBlockRegistry(extra: readonly BlockDefinition[] = []): BlockRegistry {
  const byType = new Map<string, BlockDefinition>();
  for (const block of extra) byType.set(block.type, block);
  for (const block of BUILTIN_BLOCKS) byType.set(block.type, block);
  const sorted = [...byType.values()].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return {
    get: (type) => byType.get(type),
    types: () => sorted.map((block) => block.type),
    all: () => [...sorted],
  };
}
