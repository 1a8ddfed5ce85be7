import type { MultiplierBlockDefinition } from '../blocks/blockTypes';
import { DgfError } from '../errors';
import { unitCalls } from '../cache/cachingLlm';
import { addUsage, emptyUsage } from '../llm/llmTypes';
import { TemplateRenderer } from '../templates/templateRenderer';
import { createBlockContext, type UnitEnvironment } from './blockContext';
import { BudgetGate } from './budgetGate';
import { timeLimitMs } from './constraints';
import { executeUnit, type ResolvedBlock, UnitCancelled, unitError } from './executeUnit';
import { resolveBlocks } from './resolveBlocks';
import { progressBlockName } from './progressBlockName';
import type { RunOptions, RunProgress, RunSummary } from './runTypes';
import type { UnitResult } from '../records/unitResult';
import { seedListOf } from '../seeds/seedList';
import type { Seed, SeedList } from '../seeds/seedTypes';
import { DEFAULT_MAX_UNITS_PER_JOB, UnitLimitError } from '../seeds/unitLimit';
import { chunkBaseMetadata, pendingRepetitions, repetitionUnits, seedChunkUnits, totalRepetitions, type Unit, type UnitFilter } from './unitPlan';
import { seedKey } from '../records/unitKeys';

/**
 * Runs a job: expands seeds into units lazily, runs up to `concurrency` of them at once, writes every finished unit
 * (succeeded or failed) to the sink, and stops at once on cancel or a sink failure. A constraint stops it at the
 * limit (see BudgetGate): once a limit is reached no unit starts, the units running finish, and the job ends
 * `stopped` with a reason that says how far over the limit they took it. Units already in `doneKeys` are skipped,
 * so a resumed job runs exactly the missing ones. A job with more units than `maxUnits` fails before any unit runs
 * (or, for a multiplier, as soon as its chunks go over).
 */
export async function runJob(options: RunOptions): Promise<RunSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const previousElapsed = options.previousElapsedMs ?? 0;
  const elapsedMs = () => previousElapsed + now() - started;
  const jobUsage = addUsage(emptyUsage(), options.previousUsage);
  const gate = new BudgetGate({
    constraints: options.constraints,
    usage: jobUsage,
    elapsedMs,
    earlierRuns: options.previousUsage !== undefined || options.previousElapsedMs !== undefined,
  });
  const stop = new AbortController();
  let status: RunSummary['status'] = 'completed';
  let reason: string | undefined;
  // Cancel and failures stop at once (in-flight units are aborted); a reached constraint only closes the gate.
  const halt = (s: RunSummary['status'], why?: string) => {
    if (stop.signal.aborted) return;
    status = s;
    reason = why;
    stop.abort();
    gate.close();
  };
  const onExternalAbort = () => halt('cancelled', 'Cancelled');
  if (options.signal?.aborted) onExternalAbort();
  options.signal?.addEventListener('abort', onExternalAbort, { once: true });
  const timeLimit = timeLimitMs(options.constraints);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // At the time limit the gate closes, so the count of units in flight at that moment is exact. Timers may fire a
  // millisecond early: re-arm until the job's clock agrees.
  const armTimer = () => {
    if (timeLimit === undefined) return;
    const left = timeLimit - elapsedMs();
    if (left <= 0) gate.checkNow();
    else timer = setTimeout(armTimer, left + 1);
  };
  armTimer();

  const blocks = resolveBlocks(options.blocks, options.registry);
  const multiplier = blocks[0]?.definition.isMultiplier ? blocks[0] : undefined;
  const unitBlocks = multiplier ? blocks.slice(1) : blocks;
  const env: UnitEnvironment = {
    jobId: options.jobId,
    llm: options.llm,
    renderer: options.renderer ?? new TemplateRenderer({ limits: options.renderLimits }),
    signal: stop.signal,
    secrets: options.secrets ?? (async () => undefined),
    pipelineName: options.pipelineName ?? '',
  };
  const progress: RunProgress = {
    total: 0,
    skipped: 0,
    succeeded: 0,
    failed: 0,
    currentSeed: 0,
    totalSeeds: seedListOf(options.seeds).length,
    elapsedMs: 0,
    usage: jobUsage,
  };
  const emit = () => {
    progress.elapsedMs = elapsedMs();
    options.onProgress?.(progress);
  };

  const record = async (result: UnitResult) => {
    // Spent whether or not the write succeeds; counted before it, so the limits see it as soon as the unit is done.
    addUsage(jobUsage, result.usage);
    try {
      await options.sink.write(result);
    } catch (e) {
      halt('failed', `Could not store results: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (result.status === 'succeeded') progress.succeeded++;
    else progress.failed++;
    emit();
  };

  const seeds = seedListOf(options.seeds);
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS_PER_JOB;
  const filter: UnitFilter = { doneKeys: options.doneKeys, onlyKeys: options.onlyKeys };
  try {
    // Units are pulled one at a time by the workers as they have capacity, never listed up front.
    let next: () => Promise<Unit | undefined>;
    let workers = Math.max(1, options.concurrency);
    if (multiplier) {
      const chunks = chunkUnits(options, seeds, multiplier, env, progress, record, maxUnits, filter, emit);
      next = async () => {
        const r = await chunks.next();
        return r.done ? undefined : r.value;
      };
    } else {
      const total = totalRepetitions(seeds);
      if (total > maxUnits) throw new UnitLimitError(total, maxUnits);
      const pending = pendingRepetitions(seeds, filter);
      progress.total += total;
      progress.skipped += total - pending;
      // Nothing pending (a resume of a finished job): no worker, so no limit is consulted and the job completes.
      workers = Math.min(workers, pending);
      const units = repetitionUnits(seeds, filter);
      next = async () => {
        const r = units.next();
        return r.done ? undefined : r.value;
      };
    }
    emit();

    const worker = async () => {
      // A worker starts its next unit while its last record is being committed (a durable store fsyncs in groups):
      // at most one write pending per worker, awaited before the next one and before the worker ends.
      let pendingWrite: Promise<void> | undefined;
      try {
        await workerLoop((write) => {
          const previous = pendingWrite;
          pendingWrite = write;
          return previous;
        });
      } finally {
        await pendingWrite;
      }
    };
    const workerLoop = async (queueWrite: (write: Promise<void>) => Promise<void> | undefined) => {
      while (await gate.admit()) {
        let unit: Unit | undefined;
        try {
          unit = await next();
        } catch (e) {
          halt('failed', failure(e));
          return;
        }
        if (!unit) {
          gate.release();
          return;
        }
        gate.checkNow(); // a multiplier's own usage may have reached a limit
        progress.currentSeed = unit.seedIndex + 1;
        let result: UnitResult;
        try {
          result = await executeUnit(unit, unitBlocks, env, (name) => {
            progress.currentBlock = name;
            emit();
          }, now);
        } catch (e) {
          if (e instanceof UnitCancelled) return;
          throw e;
        }
        const write = record(result);
        gate.finish(result.usage);
        await queueWrite(write);
      }
    };
    await Promise.all(Array.from({ length: workers }, worker));
  } catch (e) {
    halt('failed', failure(e));
  } finally {
    if (timer) clearTimeout(timer);
    // A renderer made for this job stops its render workers with it (one passed in belongs to the caller).
    if (!options.renderer) await env.renderer.close();
    options.signal?.removeEventListener('abort', onExternalAbort);
  }
  if (!stop.signal.aborted && gate.stoppedByLimit) {
    status = 'stopped';
    reason = gate.stopReason(elapsedMs());
  }
  emit();
  return { ...progress, usage: { ...jobUsage }, status, ...(reason ? { reason } : {}) };
}

function failure(e: unknown): string {
  return e instanceof DgfError ? e.message : `Unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
}

/**
 * Runs the multiplier seed by seed as the workers pull units; each item it returns becomes a unit per repetition,
 * keyed by (seed, chunk[, repetition]), starting from the seed's metadata (less the document) plus the item. A
 * seed whose multiplier fails becomes one failed result keyed by the seed. More chunks than the job may have stop
 * the job (UnitLimitError) instead of piling up.
 */
async function* chunkUnits(
  options: RunOptions,
  seeds: SeedList,
  multiplier: ResolvedBlock,
  env: UnitEnvironment,
  progress: RunProgress,
  record: (r: UnitResult) => Promise<void>,
  maxUnits: number,
  filter: UnitFilter,
  emit: () => void,
): AsyncGenerator<Unit, void, undefined> {
  const now = options.now ?? Date.now;
  let chunks = 0;
  for (let seedIndex = 0; seedIndex < seeds.length; seedIndex++) {
    if (env.signal.aborted) return;
    if (seeds.repetitionsAt(seedIndex) <= 0) continue;
    const seed = seeds.at(seedIndex) as Seed;
    // The seed's other metadata goes with each chunk (and into its record); the document does not.
    const base = chunkBaseMetadata(seed.metadata, multiplier.definition.inputs);
    progress.currentSeed = seedIndex + 1;
    progress.currentBlock = progressBlockName(multiplier.spec);
    // Splitting a document can take a while (a multiplier may call a model): say so before it starts.
    emit();
    const startedAt = now();
    let items: Record<string, unknown>[];
    try {
      const ctx = createBlockContext({ ...env, llm: unitCalls(env.llm, seedKey(seedIndex)).forBlock().llm }, multiplier.spec, multiplier.definition, seed.metadata);
      const out = await (multiplier.definition as MultiplierBlockDefinition).execute(ctx);
      addUsage(progress.usage, out.usage);
      items = out.items;
    } catch (e) {
      if (env.signal.aborted) return;
      const key = seedKey(seedIndex);
      if (options.doneKeys?.has(key) || (options.onlyKeys && !options.onlyKeys.has(key))) continue;
      const error = unitError(e, multiplier.spec);
      progress.total++;
      await record({
        key,
        seedIndex,
        status: 'failed',
        metadata: base,
        output: null,
        error,
        trace: [{ block_id: multiplier.spec.id, block_type: multiplier.spec.type, started_at: new Date(startedAt).toISOString(), duration_ms: now() - startedAt, output: null, error: error.message }],
        usage: emptyUsage(),
        startedAt: new Date(startedAt).toISOString(),
        durationMs: now() - startedAt,
      });
      continue;
    }
    const planned = seedChunkUnits(seedIndex, seeds.repetitionsAt(seedIndex), base, items, filter);
    chunks += planned.total;
    if (chunks > maxUnits) throw new UnitLimitError(chunks, maxUnits, 'chunks');
    progress.total += planned.total;
    progress.skipped += planned.skipped();
    yield* planned.units;
  }
}
