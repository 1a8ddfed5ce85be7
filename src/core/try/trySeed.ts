import { randomUUID } from 'node:crypto';
import type { BlockRegistry, MultiplierBlockDefinition, SecretLookup } from '../blocks/blockTypes';
import { unitCalls } from '../cache/cachingLlm';
import { addUsage, emptyUsage, type LlmPort } from '../llm/llmTypes';
import { executionOrder } from '../pipeline/executionOrder';
import { resolveBlocks } from '../run/resolveBlocks';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { chunkKey, repetitionKey, seedKey } from '../records/unitKeys';
import type { TraceEntry } from '../records/unitResult';
import { createBlockContext, type UnitEnvironment } from '../run/blockContext';
import { executeUnit, type ResolvedBlock, UnitCancelled, unitError } from '../run/executeUnit';
import { chunkBaseMetadata } from '../run/unitPlan';
import type { Seed } from '../seeds/seedTypes';
import type { RenderLimits } from '../templates/renderLimits';
import { TemplateRenderer } from '../templates/templateRenderer';
import { tryErrorOf } from './tryErrorLocation';
import type { TryBlockResult, TryEvent, TryRecord } from './tryTypes';

export interface TryInput {
  pipeline: PipelineFile;
  seed: Seed;
  seedIndex: number;
  /** For a pipeline that starts with a multiplier: the chunk to run, by the text it contains (a heading) or index. */
  chunk?: { containing?: string; index?: number };
  registry: BlockRegistry;
  llm: LlmPort;
  signal?: AbortSignal;
  renderLimits?: Partial<RenderLimits>;
  secrets?: SecretLookup;
  now?: () => number;
  /** Every step as it happens (see TryEvent): the first block's output arrives before the second block starts. */
  onEvent?: (event: TryEvent) => void;
}

/**
 * Runs one seed through the pipeline with the job engine's own unit path (executeUnit: the same blocks, templates,
 * budgets and errors), but outside any job: nothing goes to the store. Cancelling (the signal) ends it `cancelled`
 * with the blocks done so far. A pipeline that starts with a multiplier splits the seed and runs one chunk. Through a
 * response cache (`llm`), a try reuses and stores answers under the same unit keys as a job's first repetition.
 */
export async function trySeed(input: TryInput): Promise<TryRecord> {
  const now = input.now ?? Date.now;
  const started = now();
  const blocks = resolveBlocks(executionOrder(input.pipeline), input.registry);
  const specs = new Map(blocks.map((b) => [b.spec.id, b.spec]));
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  if (input.signal?.aborted) stop.abort();
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const renderer = new TemplateRenderer({ limits: input.renderLimits, workers: 1 });
  const env: UnitEnvironment = {
    jobId: 'try',
    llm: input.llm,
    renderer,
    signal: stop.signal,
    secrets: input.secrets ?? (async () => undefined),
    pipelineName: input.pipeline.name,
  };
  const record: TryRecord = {
    id: randomUUID(),
    pipelineName: input.pipeline.name,
    seedIndex: input.seedIndex,
    seedLabel: `Seed ${input.seedIndex + 1}`,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    status: 'running',
    input: input.seed.metadata,
    blocks: [],
    output: null,
    usage: emptyUsage(),
  };
  const emit = (event: TryEvent) => input.onEvent?.(event);
  const blockDone = (entry: TraceEntry, error?: TryBlockResult['error']) => {
    const block: TryBlockResult = {
      blockId: entry.block_id,
      blockType: entry.block_type,
      startedAt: entry.started_at,
      durationMs: entry.duration_ms,
      output: entry.output,
      ...(entry.usage ? { usage: entry.usage } : {}),
      ...(entry.reused ? { reused: true } : {}),
      ...(error ? { error } : {}),
    };
    record.blocks.push(block);
    if (entry.usage) addUsage(record.usage, entry.usage);
    emit({ type: 'block', tryId: record.id, block });
  };
  const finish = (status: TryRecord['status']): TryRecord => {
    record.status = status;
    record.durationMs = now() - started;
    emit({ type: 'finished', record: { ...record, blocks: [...record.blocks] } });
    return record;
  };
  emit({ type: 'started', record: { ...record, blocks: [] } });
  try {
    const multiplier = blocks[0]?.definition.isMultiplier ? blocks[0] : undefined;
    let metadata = input.seed.metadata;
    let key = repetitionKey(input.seedIndex, 0);
    if (multiplier) {
      const chunk = await runMultiplier(multiplier, input, env, now, (id) => emit({ type: 'blockStarted', tryId: record.id, blockId: id }), blockDone);
      if (!chunk) return finish(stop.signal.aborted ? 'cancelled' : 'failed');
      metadata = chunk.metadata;
      key = chunkKey(input.seedIndex, chunk.index);
      record.chunkIndex = chunk.index;
      record.seedLabel = `${record.seedLabel}, chunk ${chunk.index + 1}`;
      record.input = metadata;
    }
    const unitBlocks = multiplier ? blocks.slice(1) : blocks;
    let starting = 0;
    const result = await executeUnit(
      { key, seedIndex: input.seedIndex, metadata },
      unitBlocks,
      env,
      // executeUnit starts the blocks in this order.
      () => emit({ type: 'blockStarted', tryId: record.id, blockId: unitBlocks[starting++].spec.id }),
      now,
      (entry) => blockDone(entry, entry.error === null ? undefined : { message: entry.error, blockId: entry.block_id, blockType: entry.block_type }),
    );
    if (result.status === 'failed' && result.error) {
      const error = tryErrorOf(result.error, result.error.blockId ? specs.get(result.error.blockId) : undefined);
      record.error = error;
      const last = record.blocks[record.blocks.length - 1];
      if (last && last.blockId === error.blockId) last.error = error;
      return finish('failed');
    }
    record.output = result.output;
    return finish('succeeded');
  } catch (e) {
    if (e instanceof UnitCancelled || stop.signal.aborted) return finish('cancelled');
    record.error = tryErrorOf(unitError(e), undefined);
    return finish('failed');
  } finally {
    input.signal?.removeEventListener('abort', onAbort);
    await renderer.close();
  }
}

/** Runs the multiplier on the seed and picks the chunk to try; undefined when it failed or was cancelled. */
async function runMultiplier(
  multiplier: ResolvedBlock,
  input: TryInput,
  env: UnitEnvironment,
  now: () => number,
  started: (blockId: string) => void,
  done: (entry: TraceEntry, error?: TryBlockResult['error']) => void,
): Promise<{ index: number; metadata: Record<string, unknown> } | undefined> {
  const { spec, definition } = multiplier;
  started(spec.id);
  const at = now();
  const entry = (output: TraceEntry['output'], error: string | null, usage?: TraceEntry['usage']): TraceEntry => ({
    block_id: spec.id,
    block_type: spec.type,
    started_at: new Date(at).toISOString(),
    duration_ms: now() - at,
    output,
    error,
    ...(usage ? { usage } : {}),
  });
  try {
    const llm = unitCalls(env.llm, seedKey(input.seedIndex)).forBlock().llm;
    const out = await (definition as MultiplierBlockDefinition).execute(createBlockContext({ ...env, llm }, spec, definition, input.seed.metadata));
    const wanted = input.chunk?.containing?.trim();
    const found = wanted ? out.items.findIndex((item) => typeof item.chunk_text === 'string' && item.chunk_text.includes(wanted)) : -1;
    const index = found >= 0 ? found : Math.min(input.chunk?.index ?? 0, out.items.length - 1);
    const item = out.items[index];
    if (!item) {
      const error = { message: `Block '${spec.id}' (${spec.type}) made no chunks of this seed`, blockId: spec.id, blockType: spec.type };
      done(entry(null, error.message, out.usage), error);
      return undefined;
    }
    done(entry({ chunks: out.items.length, ...item }, null, out.usage));
    return { index, metadata: { ...chunkBaseMetadata(input.seed.metadata, definition.inputs), ...item } };
  } catch (e) {
    if (env.signal.aborted) return undefined;
    const error = tryErrorOf(unitError(e, spec), spec);
    done(entry(null, error.message), error);
    return undefined;
  }
}
