import { DgfError } from '../errors';
import { addUsage, emptyUsage, type LlmPort, type ModelSettings, type TokenUsage } from '../llm/llmTypes';
import { abortableSleep } from '../llm/retryPolicy';
import type { ResultSink } from '../records/unitResult';
import { executeUnit, UnitCancelled, type ResolvedBlock } from '../run/executeUnit';
import { resolveBlocks } from '../run/resolveBlocks';
import type { UnitEnvironment } from '../run/blockContext';
import type { RunOptions, RunProgress, RunSummary } from '../run/runTypes';
import { pendingRepetitions, repetitionUnits, totalRepetitions, type Unit } from '../run/unitPlan';
import { seedListOf } from '../seeds/seedList';
import { TemplateRenderer } from '../templates/templateRenderer';
import { DEFAULT_MAX_UNITS_PER_JOB, UnitLimitError } from '../seeds/unitLimit';
import type { BatchApiFactory } from './batchApi';
import { BatchFileSplitter } from './batchFileSplitter';
import { BatchLedger } from './batchLedger';
import { BatchLlm } from './batchLlm';
import type { BatchSettings } from './batchSettings';
import { batchProgress, cancelBatches, settleBatches, type StageContext } from './batchStages';
import type { BatchProgress } from './batchTypes';

export interface BatchRunOptions extends Omit<RunOptions, 'llm' | 'constraints' | 'onlyKeys'> {
  /** The job's number in the store (its batches carry it in their metadata). */
  jobNumber: number;
  /** The online port: embeddings, and requests a batch left unanswered when `batch.missing` is `online`. */
  online: LlmPort;
  models: ModelSettings;
  batch: BatchSettings;
  /** The job's batch folder (state, answers, input files). */
  dir: string;
  apiFor: BatchApiFactory;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  log?: (message: string) => void;
}

/**
 * Runs a job through the provider's Batch API, stage by stage. A stage runs every pending unit locally until its
 * next model call: calls answered by earlier batches are replayed from the job's answers, non-LLM blocks run as
 * usual, and each unit's first unanswered call goes into the stage's batch files (BatchLlm). Units that needed no
 * new call are finished and recorded. The files are submitted, polled until done and read; then the next stage
 * runs, until a stage has nothing to ask. Every step is recorded in the job's folder first (BatchLedger), so a
 * kill at any moment resumes where it was: batches still running are polled again, none is submitted twice.
 * Cancel asks the provider to cancel the job's running batches. Pipeline constraints do not apply to batch jobs.
 */
/** Batch mode runs normal pipelines only: one starting with a multiplier is refused (before any job is created). */
export function refuseMultiplierInBatch(blocks: readonly ResolvedBlock[]): void {
  if (blocks[0]?.definition.isMultiplier) {
    throw new DgfError('batch-multiplier', `Batch mode runs pipelines without a multiplier block ('${blocks[0].spec.id}' splits documents): run this one online.`);
  }
}

export async function runBatchJob(options: BatchRunOptions): Promise<RunSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const elapsedMs = () => (options.previousElapsedMs ?? 0) + now() - started;
  const signal = options.signal ?? new AbortController().signal;
  const seeds = seedListOf(options.seeds);
  const blocks = resolveBlocks(options.blocks, options.registry);
  refuseMultiplierInBatch(blocks);
  const total = totalRepetitions(seeds);
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS_PER_JOB;
  if (total > maxUnits) throw new UnitLimitError(total, maxUnits);
  const done = new Set(options.doneKeys ?? []);
  const skipped = total - pendingRepetitions(seeds, { doneKeys: done });
  const ledger = await BatchLedger.open(options.dir, options.jobNumber, done);
  const llm = new BatchLlm(options.online, ledger, options.models, options.batch);
  const usage: TokenUsage = addUsage(emptyUsage(), options.previousUsage);
  const progress: RunProgress = { total, skipped, succeeded: 0, failed: 0, currentSeed: 0, totalSeeds: seeds.length, elapsedMs: 0, usage };
  const emit = (batch?: BatchProgress) => {
    progress.elapsedMs = elapsedMs();
    if (batch) progress.batch = batch;
    options.onProgress?.(progress);
  };
  const env: UnitEnvironment = {
    jobId: options.jobId,
    llm,
    renderer: options.renderer ?? new TemplateRenderer({ limits: options.renderLimits }),
    signal,
    secrets: options.secrets ?? (async () => undefined),
    pipelineName: options.pipelineName ?? '',
  };
  const stages: StageContext = {
    ledger,
    apiFor: options.apiFor,
    models: options.models,
    batch: options.batch,
    jobId: options.jobNumber,
    signal,
    sleep: options.sleep ?? abortableSleep,
    onProgress: emit,
    log: options.log,
  };
  let status: RunSummary['status'] = 'completed';
  let reason: string | undefined;
  try {
    emit(batchProgress(ledger, 'preparing'));
    for (;;) {
      await settleBatches(stages);
      if (signal.aborted) break;
      const stage = ledger.nextStage();
      emit({ ...batchProgress(ledger, 'preparing'), stage });
      const splitter = new BatchFileSplitter(ledger.dir, stage, { maxRequests: options.batch.maxRequestsPerFile, maxBytes: options.batch.maxBytesPerFile });
      llm.collectInto((model, line) => splitter.add(model, line));
      try {
        await runStage(repetitionUnits(seeds, { doneKeys: done }), blocks, env, llm, options, progress, done, now, emit);
      } catch (e) {
        splitter.abandon();
        throw e;
      } finally {
        llm.collectInto(undefined);
      }
      if (signal.aborted) {
        splitter.abandon();
        break;
      }
      const files = splitter.finish();
      if (files.length === 0) break;
      await ledger.addFiles(files);
    }
  } catch (e) {
    if (!(e instanceof UnitCancelled) && !signal.aborted) {
      status = 'failed';
      reason = e instanceof DgfError ? e.message : `Unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
    }
  } finally {
    if (!options.renderer) await env.renderer.close();
  }
  if (signal.aborted) {
    status = 'cancelled';
    reason = 'Cancelled';
    emit(batchProgress(ledger, 'cancelling'));
    // The cancel itself must go out even though the job's signal has fired.
    await cancelBatches(stages, AbortSignal.timeout(60_000)).catch((e: unknown) => options.log?.(`Could not cancel the job's batches: ${(e as Error).message}`));
  }
  if (status === 'completed') await ledger.remove();
  emit();
  return { ...progress, usage: { ...usage }, status, ...(reason ? { reason } : {}) };
}

/** One stage: every pending unit, `concurrency` at once, until it finishes or waits for the stage's batch. */
async function runStage(
  units: Generator<Unit, void, undefined>,
  blocks: readonly ResolvedBlock[],
  env: UnitEnvironment,
  llm: BatchLlm,
  options: BatchRunOptions,
  progress: RunProgress,
  done: Set<string>,
  now: () => number,
  emit: () => void,
): Promise<void> {
  const sink: ResultSink = options.sink;
  const worker = async () => {
    for (let next = units.next(); !next.done; next = units.next()) {
      if (env.signal.aborted) return;
      const unit = next.value;
      progress.currentSeed = unit.seedIndex + 1;
      const result = await executeUnit(unit, blocks, env, (name) => (progress.currentBlock = name), now);
      if (llm.takePending(unit.key) > 0) continue;
      await sink.write(result);
      done.add(unit.key);
      llm.forgetUnit(unit.key);
      addUsage(progress.usage, result.usage);
      if (result.status === 'succeeded') progress.succeeded++;
      else progress.failed++;
      emit();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
}
