import { isJsonObject } from '../json/jsonPath';
import type { ProblemFix } from '../problems';
import type { PipelineEdit } from './pipelineEdits';
import { CONSTRAINT_KEYS } from './serializePipeline';

/**
 * A problem's fix as the canvas edit that applies it, so the canvas button and the text editor's quick fix go
 * through the same minimal, undoable edit as typing the value in the config panel. Undefined when the fix's path
 * is not a block config value or a constraint (nothing else has a fix today), or no longer matches the pipeline.
 */
export function problemFixEdit(pipeline: unknown, fix: ProblemFix): PipelineEdit | undefined {
  if (!isJsonObject(pipeline)) return undefined;
  const [root, index, section, key] = fix.path;
  if (root === 'blocks' && typeof index === 'number' && section === 'config' && typeof key === 'string' && fix.path.length === 4) {
    const block = Array.isArray(pipeline.blocks) ? pipeline.blocks[index] : undefined;
    if (!isJsonObject(block) || typeof block.id !== 'string') return undefined;
    return { kind: 'configure', blockId: block.id, key, value: fix.value };
  }
  if (root === 'constraints' && typeof index === 'string' && fix.path.length === 2 && (CONSTRAINT_KEYS as readonly string[]).includes(index)) {
    if (typeof fix.value === 'number' || fix.value === null) return { kind: 'setConstraint', key: index, value: fix.value };
  }
  return undefined;
}
