import { randomUUID } from 'node:crypto';
import type { BlockDefinition, NormalBlockDefinition } from '../blocks/blockTypes';
import { unitCalls } from '../cache/cachingLlm';
import { BlockExecutionError, CancelledError, DgfError, LlmError } from '../errors';
import { addUsage, emptyUsage } from '../llm/llmTypes';
import type { BlockSpec } from '../pipeline/pipelineTypes';
import { createBlockContext, type UnitEnvironment } from './blockContext';
import type { TraceEntry, UnitError, UnitResult } from '../records/unitResult';
import { progressBlockName } from './progressBlockName';
import type { Unit } from './unitPlan';

export interface ResolvedBlock {
  spec: BlockSpec;
  definition: BlockDefinition;
}

/** Thrown when a unit stops because the run was cancelled: the unit is not recorded, so resume runs it again. */
export class UnitCancelled extends CancelledError {}

/**
 * Runs one unit through the blocks. A block error ends the unit as a failed result carrying the error and the trace
 * so far; cancellation throws UnitCancelled instead (a cancelled unit is not a failure).
 */
export async function executeUnit(
  unit: Unit,
  blocks: readonly ResolvedBlock[],
  env: UnitEnvironment,
  onBlockStart: (blockName: string) => void,
  now: () => number,
  /** Each block's trace entry as soon as the block is done (tries stream them). */
  onBlockDone?: (entry: TraceEntry) => void,
): Promise<UnitResult> {
  const startedAt = now();
  const traceId = randomUUID();
  const trace: TraceEntry[] = [];
  const usage = emptyUsage();
  let state: Record<string, unknown> = { ...unit.metadata };
  // Through the response cache (when there is one), keyed by this unit: see CachingLlm.
  const calls = unitCalls(env.llm, unit.key);
  for (const { spec, definition } of blocks) {
    if (env.signal.aborted) throw new UnitCancelled();
    onBlockStart(progressBlockName(spec));
    const blockStart = now();
    const blockCalls = calls.forBlock(spec.id);
    try {
      const ctx = createBlockContext({ ...env, llm: blockCalls.llm }, spec, definition, state, traceId);
      const result = await (definition as NormalBlockDefinition).execute(ctx);
      checkOutputs(definition, spec, result.output);
      state = { ...state, ...result.output };
      addUsage(usage, result.usage);
      trace.push({
        block_id: spec.id,
        block_type: spec.type,
        started_at: new Date(blockStart).toISOString(),
        duration_ms: now() - blockStart,
        output: result.output,
        error: null,
        ...(result.usage ? { usage: result.usage } : {}),
        ...(blockCalls.allReused() ? { reused: true } : {}),
      });
      onBlockDone?.(trace[trace.length - 1]);
    } catch (e) {
      if (env.signal.aborted || (e instanceof LlmError && e.kind === 'aborted')) throw new UnitCancelled();
      const error = unitError(e, spec);
      trace.push({
        block_id: spec.id,
        block_type: spec.type,
        started_at: new Date(blockStart).toISOString(),
        duration_ms: now() - blockStart,
        output: null,
        error: error.message,
      });
      onBlockDone?.(trace[trace.length - 1]);
      return finish(unit, 'failed', null, trace, usage, startedAt, now, error);
    }
  }
  return finish(unit, 'succeeded', state, trace, usage, startedAt, now);
}

function checkOutputs(definition: BlockDefinition, spec: BlockSpec, output: Record<string, unknown>): void {
  if (definition.outputs.includes('*')) return;
  const extra = Object.keys(output).filter((k) => !definition.outputs.includes(k));
  if (extra.length > 0) {
    throw new BlockExecutionError(
      `returned undeclared output(s) ${extra.join(', ')}; declared outputs: ${definition.outputs.join(', ')}`,
      spec.id,
      spec.type,
    );
  }
}

export function unitError(e: unknown, spec?: BlockSpec): UnitError {
  const message = e instanceof Error ? e.message : String(e);
  const block = spec ? `Block '${spec.id}' (${spec.type})` : undefined;
  // Template errors already start with the block (and the config field): say it once.
  const named = block !== undefined && message.startsWith(block);
  return {
    message: block && !named ? `${block} failed: ${message}` : message,
    ...(spec ? { blockId: spec.id, blockType: spec.type } : {}),
    ...(e instanceof DgfError ? { code: e.code } : {}),
  };
}

function finish(
  unit: Unit,
  status: UnitResult['status'],
  output: Record<string, unknown> | null,
  trace: TraceEntry[],
  usage: UnitResult['usage'],
  startedAt: number,
  now: () => number,
  error?: UnitError,
): UnitResult {
  return {
    key: unit.key,
    seedIndex: unit.seedIndex,
    ...(unit.repetition !== undefined ? { repetition: unit.repetition } : {}),
    ...(unit.chunkIndex !== undefined ? { chunkIndex: unit.chunkIndex } : {}),
    status,
    metadata: unit.metadata,
    output,
    ...(error ? { error } : {}),
    trace,
    usage,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: now() - startedAt,
  };
}
