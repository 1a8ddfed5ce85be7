import { createHash } from 'node:crypto';
import type { BlockRegistry, SecretLookup } from '../blocks/blockTypes';
import { cacheTallyOf } from '../cache/cachingLlm';
import { mergedCacheStats } from '../cache/jobCacheStats';
import { DgfError } from '../errors';
import type { LlmPort, ModelSettings } from '../llm/llmTypes';
import type { RenderLimits } from '../templates/renderLimits';
import { executionOrder } from '../pipeline/executionOrder';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { hasErrors, type Problem } from '../problems';
import { shardMetadata, shardOfJob } from '../shard/shardJob';
import { shardSeeds } from '../shard/shardSeeds';
import type { ShardSpec } from '../shard/shardSpec';
import { checkSeedFile } from '../seeds/checkSeedFile';
import { seedsHash } from '../seeds/seedsHash';
import { seedsReadFromFile } from '../seeds/fileSeedList';
import { releaseSeeds } from '../seeds/seedList';
import type { ReadRecordedSeeds, Seed, SeedList, SeedSource } from '../seeds/seedTypes';
import type { JobDetail, JobRow, JsonObject } from '../store/storeTypes';
import type { WorkspaceStore } from '../store/workspaceStore';
import { runJobEndHooks } from './jobEndHooks';
import { runJob } from './jobRunner';
import { jobOutcome, type JobOutcome } from './jobOutcome';
import type { RunOptions, RunProgress, RunSummary } from './runTypes';
import type { ResultSink } from '../records/unitResult';
import { totalRepetitions } from './unitPlan';

/** What every run needs, whoever starts it (CLI, VS Code command). */
export interface LaunchContext {
  store: WorkspaceStore;
  registry: BlockRegistry;
  llm: LlmPort;
  /** Model settings, plus the job's unit limit (`datagenflow.maxUnitsPerJob`) and the template render budgets (`datagenflow.templates.*`) when the caller has them. */
  settings: ModelSettings & { templates?: Partial<RenderLimits>; maxUnitsPerJob?: number };
  signal?: AbortSignal;
  /** Secrets for blocks (Langfuse keys…): SecretStorage in VS Code, environment in the CLI. */
  secrets?: SecretLookup;
  onProgress?: (progress: RunProgress, jobId: number) => void;
  /** Called once the job row exists, before the first unit runs. */
  onJobCreated?: (job: JobRow) => void;
  /** Messages of job-level work (job-end hooks: uploads and their errors); never carries secrets. */
  log?: (message: string) => void;
  /**
   * A second destination for the job's results (`run --out`: a JSONL file). A result reaches it only once the
   * store holds it, so the file never has a record the database lacks.
   */
  alsoWriteTo?: (job: JobRow) => ResultSink;
  /** How often a running job records a sign of life between records (its elapsed time survives a kill). */
  heartbeatMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 5000;

export interface NewRun {
  pipelinePath: string;
  pipelineText: string;
  pipeline: PipelineFile;
  /** The seed file or folder, as recorded with the job (resume reads it again from there). */
  seedsPath: string;
  /** `seedsHash` of what the seeds were read from (resume and retry refuse seeds that changed). */
  seedsHash: string;
  /** The seeds, read one at a time (see parseSeeds, seedsReadFromFile), not kept as objects; the caller releases them. */
  seeds: readonly Seed[] | SeedList;
  /** Stored with the job (e.g. the JSONL file `run --out` writes). */
  metadata?: JsonObject;
  /** Run only this shard's units (`run --shard i/n`); recorded with the job, so resuming it runs the same slice. */
  shard?: ShardSpec;
}

export interface LaunchResult {
  /** The job as stored once the run finished. */
  job: JobRow;
  /** This run's summary (its usage and elapsed time include earlier runs, as constraints count them). */
  summary: RunSummary;
  /** The job's totals over every run, and this run's share: what to tell the user. */
  outcome: JobOutcome;
}

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** What a new job records of the run that starts it (online or batch): its pipeline and its seeds. */
export function newJobFields(run: NewRun) {
  return {
    pipelinePath: run.pipelinePath,
    pipelineName: run.pipeline.name,
    pipelineSnapshot: run.pipeline,
    pipelineHash: contentHash(run.pipelineText),
    seedsPath: run.seedsPath,
    seedsHash: run.seedsHash,
  };
}

/** Creates a job in the store, runs it, and records how it ended. */
export async function startJob(ctx: LaunchContext, run: NewRun): Promise<LaunchResult> {
  const multiplier = run.pipeline.blocks.length > 0 && ctx.registry.get(executionOrder(run.pipeline)[0]?.type ?? '')?.isMultiplier === true;
  const seeds = run.shard ? shardSeeds(run.seeds, run.shard) : run.seeds;
  const metadata = run.shard ? { ...run.metadata, ...shardMetadata({ ...run.shard, ...(multiplier ? {} : { jobTotal: totalRepetitions(run.seeds) }) }) } : run.metadata;
  const job = await ctx.store.createJob({
    ...newJobFields(run),
    modelSettings: recordedSettings(ctx.settings),
    ...(multiplier ? {} : { total: totalRepetitions(seeds) }),
    ...(metadata ? { metadata } : {}),
  });
  return execute(ctx, job, run.pipeline, seeds, {});
}

export type ResumeMode = 'resume' | 'retry-failed';

/**
 * Runs the units of an earlier job that have no result yet (`resume`) or that failed (`retry-failed`), with the
 * pipeline snapshot the job ran and its seed file (or folder: see seedsHash), which must not have changed since.
 * `readSeeds` reads what is at the recorded path: a file's text (with the file, to read the seeds from it during
 * the run), or a folder's Markdown documents.
 */
export async function resumeJob(ctx: LaunchContext, jobId: number, mode: ResumeMode, readSeeds: ReadRecordedSeeds): Promise<LaunchResult> {
  const detail = ctx.store.getJob(jobId);
  if (!detail) throw new DgfError('job-not-found', `There is no job ${jobId} in this database. 'datagenflow jobs' lists the jobs.`);
  const seeds = await readJobSeeds(ctx, detail, readSeeds);
  try {
    const failed = mode === 'retry-failed' ? ctx.store.failedKeys(jobId) : undefined;
    if (failed && failed.size === 0) throw new DgfError('nothing-to-retry', `Job ${jobId} has no failed units to retry.`);
    const { job, seeds: slice, resume } = await reopenedRun(ctx, detail, seeds);
    return await execute(ctx, job, detail.pipelineSnapshot, slice, { ...resume, onlyKeys: failed });
  } finally {
    releaseSeeds(seeds);
  }
}

/**
 * A job reopened for another run (online or batch): its row, the seeds it runs (a shard's job its own slice; a
 * merged job, with no shard recorded, every unit of the seeds) and what its earlier runs did.
 */
export async function reopenedRun(ctx: LaunchContext, detail: Pick<JobDetail, 'id' | 'metadata'>, seeds: readonly Seed[] | SeedList) {
  const { job, ...resume } = await ctx.store.reopenJob(detail.id);
  const shard = shardOfJob(detail.metadata);
  return { job, seeds: shard ? shardSeeds(seeds, shard) : seeds, resume };
}

/**
 * The seeds of a job being resumed, read again from the path recorded with it (`readSeeds`: a file's text, or a
 * folder's Markdown documents); refused when they changed since the job started or now have errors. The caller
 * releases them (releaseSeeds) when its run is over.
 */
export async function readJobSeeds(ctx: LaunchContext, detail: Pick<JobDetail, 'id' | 'seedsPath' | 'seedsHash' | 'pipelineSnapshot'>, readSeeds: ReadRecordedSeeds): Promise<readonly Seed[] | SeedList> {
  const jobId = detail.id;
  if (!detail.seedsPath) throw new DgfError('job-no-seeds', `Job ${jobId} has no seed file recorded, so it cannot be resumed.`);
  let seedsSource: SeedSource;
  let file: string | undefined;
  try {
    const read = await readSeeds(detail.seedsPath);
    ({ seedsSource, file } = typeof read === 'object' && 'file' in read ? { seedsSource: read.text, file: read.file } : { seedsSource: read, file: undefined });
  } catch (e) {
    throw new DgfError('seeds-missing', `Cannot resume job ${jobId}: its seed file ${detail.seedsPath} cannot be read (${(e as Error).message}).`);
  }
  if (detail.seedsHash && seedsHash(seedsSource) !== detail.seedsHash) {
    const what = typeof seedsSource === 'string' ? '' : ' (a Markdown file in it was added, removed, renamed or edited)';
    throw new DgfError('seeds-changed', `Cannot resume job ${jobId}: ${detail.seedsPath} changed since the job started${what}, so its units no longer match. Start a new job instead.`);
  }
  const parsed = checkSeedFile(seedsSource, detail.seedsPath, detail.pipelineSnapshot, ctx.registry, { maxUnits: ctx.settings.maxUnitsPerJob });
  if (hasErrors(parsed.problems)) throw new SeedProblemsError(detail.seedsPath, parsed.problems);
  return file !== undefined && typeof seedsSource === 'string' ? await seedsReadFromFile(parsed.seeds, seedsSource, file, detail.seedsPath) : parsed.seeds;
}

export class SeedProblemsError extends DgfError {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super('seeds-invalid', `${file} has errors: ${problems.find((p) => p.severity === 'error')?.message ?? ''}`);
  }
}

async function execute(
  ctx: LaunchContext,
  job: JobRow,
  pipeline: PipelineFile,
  seeds: readonly Seed[] | SeedList,
  resume: Pick<Parameters<typeof runJob>[0], 'doneKeys' | 'onlyKeys' | 'previousUsage' | 'previousElapsedMs'>,
): Promise<LaunchResult> {
  const runUnits = (sink: ResultSink) => runJob({ ...launchRunOptions(ctx, job, pipeline, seeds, sink), constraints: pipeline.constraints, llm: ctx.llm, ...resume });
  return executeJob(ctx, job, pipeline, resume, runUnits, { afterUnits: () => recordCacheTally(ctx, job.id) });
}

/** What every runner of a launched job (online or batch) is given from the launch context, the job and its pipeline. */
export function launchRunOptions(ctx: LaunchContext, job: JobRow, pipeline: PipelineFile, seeds: readonly Seed[] | SeedList, sink: ResultSink) {
  return {
    jobId: String(job.id),
    blocks: executionOrder(pipeline),
    seeds,
    registry: ctx.registry,
    sink,
    concurrency: ctx.settings.concurrency,
    maxUnits: ctx.settings.maxUnitsPerJob,
    renderLimits: ctx.settings.templates,
    signal: ctx.signal,
    secrets: ctx.secrets,
    pipelineName: pipeline.name,
    onProgress: ctx.onProgress ? (p: RunProgress) => ctx.onProgress?.(p, job.id) : undefined,
  } satisfies Partial<RunOptions>;
}

/**
 * Runs a created or reopened job's units with `runUnits` (the online runner, or the batch runner) and records how
 * it ended, the same whichever runs them: results to the store (and `alsoWriteTo`), a heartbeat meanwhile, a failed
 * job when the runner throws, `afterUnits` and the job-end hooks, then the job finished with its outcome.
 */
export async function executeJob(
  ctx: LaunchContext,
  job: JobRow,
  pipeline: PipelineFile,
  previous: { previousUsage?: RunSummary['usage']; previousElapsedMs?: number },
  runUnits: (sink: ResultSink) => Promise<RunSummary>,
  options: { afterUnits?: () => Promise<void> } = {},
): Promise<LaunchResult> {
  ctx.onJobCreated?.(job);
  const started = Date.now();
  const stored = ctx.store.recordSink(job.id);
  const also = ctx.alsoWriteTo?.(job);
  const sink: ResultSink = also
    ? {
        write: async (result) => {
          await stored.write(result);
          await also.write(result);
        },
      }
    : stored;
  const heartbeat = setInterval(() => {
    ctx.store.heartbeat(job.id).catch(() => undefined); // a missed beat only loses a few seconds of a killed run
  }, ctx.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  heartbeat.unref();
  let summary: RunSummary;
  try {
    summary = await runUnits(sink);
  } catch (e) {
    clearInterval(heartbeat);
    const elapsedMs = (previous.previousElapsedMs ?? 0) + Date.now() - started;
    await ctx.store.finishJob(job.id, failedSummary(e, ctx.store.jobRow(job.id) ?? job, elapsedMs));
    throw e;
  }
  // Job-end hooks (e.g. the Langfuse upload) run before the job is finished: it stays `running` until its
  // job-level work is done, so a crash mid-upload leaves it `interrupted` and a resume (no units left) runs the
  // hooks again. Hooks are idempotent and never change the summary or the records; their errors go to metadata.
  await options.afterUnits?.();
  await runJobEndHooks({ store: ctx.store, registry: ctx.registry, jobId: job.id, pipeline, status: summary.status, secrets: ctx.secrets, signal: ctx.signal, log: ctx.log });
  clearInterval(heartbeat);
  const finished = await ctx.store.finishJob(job.id, summary);
  return { job: finished, summary, outcome: jobOutcome(finished, summary, { usage: previous.previousUsage, elapsedMs: previous.previousElapsedMs }) };
}

/** Calls made and reused by this run (when it ran through the response cache), added to the job's metadata. */
async function recordCacheTally(ctx: LaunchContext, jobId: number): Promise<void> {
  const tally = cacheTallyOf(ctx.llm);
  const row = ctx.store.jobRow(jobId);
  if (tally && row) await ctx.store.setJobMetadata(jobId, mergedCacheStats(row.metadata, tally));
}

/** The job's record when the runner itself threw: its usage and time so far, never zeros over earlier runs. */
function failedSummary(e: unknown, job: JobRow, elapsedMs: number): RunSummary {
  const reason = e instanceof Error ? e.message : String(e);
  return { status: 'failed', reason, total: job.total, skipped: 0, succeeded: 0, failed: 0, currentSeed: 0, totalSeeds: 0, elapsedMs, usage: job.usage };
}

/** The model settings a job ran with, for the record: names, URLs, models, limits — never keys. */
export function recordedSettings(settings: ModelSettings): Record<string, unknown> {
  return {
    models: settings.models.map(({ name, baseUrl, model }) => ({ name, baseUrl, model })),
    defaultModel: settings.defaultModel ?? null,
    embeddingModels: settings.embeddingModels.map(({ name, baseUrl, model }) => ({ name, baseUrl, model })),
    defaultEmbeddingModel: settings.defaultEmbeddingModel ?? null,
    concurrency: settings.concurrency,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxRetries: settings.maxRetries,
  };
}
