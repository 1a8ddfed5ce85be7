import { describeValue } from '../json/describeValue';
import { executionOrder } from '../pipeline/executionOrder';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { BlockRegistry } from '../blocks/blockTypes';
import type { Problem } from '../problems';
import { seedListOf } from './seedList';
import { SeedProblemCode } from './seedProblemCodes';
import type { Seed, SeedList, SeedLocator } from './seedTypes';

/** The field a multiplier pipeline's seed holds its document in (a .md file or folder fills it). */
export const DOCUMENT_FIELD = 'file_content';

/** The pipeline's first block when it is a multiplier that reads documents (`file_content`). */
export function documentMultiplier(pipeline: PipelineFile, registry: BlockRegistry): { id: string; type: string } | undefined {
  const first = executionOrder(pipeline)[0];
  const definition = first ? registry.get(first.type) : undefined;
  if (!first || !definition?.isMultiplier || !definition.inputs.includes(DOCUMENT_FIELD)) return undefined;
  return { id: first.id, type: first.type };
}

/**
 * JSON seeds of documents for a multiplier pipeline: each seed's `metadata.file_content` must be non-empty text
 * (an empty document would silently produce no records). A seed without the field is verifySeeds' missing-field
 * problem; this reports the ones that have it, at the value itself.
 */
export function documentProblems(seeds: readonly Seed[] | SeedList, block: { id: string; type: string }, locate: SeedLocator): Problem[] {
  const problems: Problem[] = [];
  const list = seedListOf(seeds);
  for (let i = 0; i < list.length; i++) {
    const metadata = list.at(i)?.metadata;
    if (!metadata || !Object.hasOwn(metadata, DOCUMENT_FIELD)) continue;
    const value = metadata[DOCUMENT_FIELD];
    let message: string | undefined;
    const label = locate.label(i);
    const user = `block "${block.id}" (${block.type})`;
    if (typeof value !== 'string') {
      message = `${label}: "${DOCUMENT_FIELD}" must be the document's text for ${user}, found ${describeValue(value)}.`;
    } else if (value.trim() === '') {
      message = `${label}: "${DOCUMENT_FIELD}" is empty, so ${user} has no document to split into chunks. Put the document's text in it, or remove the seed.`;
    }
    if (!message) continue;
    const subPath = ['metadata', DOCUMENT_FIELD];
    const problem: Problem = { severity: 'error', code: SeedProblemCode.EmptyDocument, message, path: locate.path(i, subPath), blockId: block.id };
    const range = locate.range(i, subPath);
    if (range) problem.range = range;
    problems.push(problem);
  }
  return problems;
}
