import { join } from 'node:path';
import { DgfError } from '../errors';
import { executionOrder } from '../pipeline/executionOrder';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import { hasErrors } from '../problems';
import type { ResultSink } from '../records/unitResult';
import { jobOutcome } from '../run/jobOutcome';
import { contentHash, SeedProblemsError, type LaunchContext, type LaunchResult, type NewRun } from '../run/jobLauncher';
import { runJobEndHooks } from '../run/jobEndHooks';
import type { RunSummary } from '../run/runTypes';
import { totalRepetitions } from '../run/unitPlan';
import { checkSeedFile } from '../seeds/checkSeedFile';
import { seedsHash } from '../seeds/seedsHash';
import type { Seed, SeedList, SeedSource } from '../seeds/seedTypes';
import type { JobRow, JsonObject } from '../store/storeTypes';
import type { BatchApiFactory } from './batchApi';
import { runBatchJob } from './batchRunner';
import type { BatchSettings } from './batchSettings';

/** What a batch run needs beyond an online one. */
export interface BatchLaunch {
  batch: BatchSettings;
  apiFor: BatchApiFactory;
  /** The folder that holds the database's batch jobs' folders (one `job-<id>` folder per job). */
  root: string;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The job's batch metadata (`job.metadata.batch`): marks a batch job, so resume goes on in batch mode. */
export interface BatchJobMetadata {
  folder: string;
  completionWindow: string;
}

export function batchJobMetadata(job: Pick<JobRow, 'metadata'>): BatchJobMetadata | undefined {
  const raw = job.metadata.batch;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const { folder, completionWindow } = raw as Record<string, unknown>;
  return typeof folder === 'string' && typeof completionWindow === 'string' ? { folder, completionWindow } : undefined;
}

/** Creates a batch job in the store and runs it to the end (which may take the provider's whole completion window). */
export async function startBatchJob(ctx: LaunchContext, launch: BatchLaunch, run: NewRun): Promise<LaunchResult> {
  const placeholder: JsonObject = { folder: '', completionWindow: launch.batch.completionWindow };
  const created = await ctx.store.createJob({
    pipelinePath: run.pipelinePath,
    pipelineName: run.pipeline.name,
    pipelineSnapshot: run.pipeline,
    pipelineHash: contentHash(run.pipelineText),
    seedsPath: run.seedsPath,
    seedsHash: seedsHash(run.seedsSource),
    modelSettings: recordedSettings(ctx),
    total: totalRepetitions(run.seeds),
    metadata: { ...(run.metadata ?? {}), batch: placeholder },
  });
  const folder = join(launch.root, `job-${created.id}`);
  await ctx.store.setJobMetadata(created.id, { batch: { folder, completionWindow: launch.batch.completionWindow } });
  const job = ctx.store.jobRow(created.id) ?? created;
  return execute(ctx, launch, job, folder, run.pipeline, run.seeds, {});
}

/** Goes on with a batch job that was interrupted or cancelled: polls its batches again, then runs what is missing. */
export async function resumeBatchJob(ctx: LaunchContext, launch: BatchLaunch, jobId: number, readSeeds: (path: string) => Promise<SeedSource>): Promise<LaunchResult> {
  const detail = ctx.store.getJob(jobId);
  if (!detail) throw new DgfError('job-not-found', `There is no job ${jobId} in this database. 'datagenflow jobs' lists the jobs.`);
  const meta = batchJobMetadata(detail);
  if (!meta) throw new DgfError('not-a-batch-job', `Job ${jobId} is not a batch job.`);
  if (!detail.seedsPath) throw new DgfError('job-no-seeds', `Job ${jobId} has no seed file recorded, so it cannot be resumed.`);
  let source: SeedSource;
  try {
    source = await readSeeds(detail.seedsPath);
  } catch (e) {
    throw new DgfError('seeds-missing', `Cannot resume job ${jobId}: its seed file ${detail.seedsPath} cannot be read (${(e as Error).message}).`);
  }
  if (detail.seedsHash && seedsHash(source) !== detail.seedsHash) {
    throw new DgfError('seeds-changed', `Cannot resume job ${jobId}: ${detail.seedsPath} changed since the job started, so its units no longer match. Start a new job instead.`);
  }
  const parsed = checkSeedFile(source, detail.seedsPath, detail.pipelineSnapshot, ctx.registry, { maxUnits: ctx.settings.maxUnitsPerJob });
  if (hasErrors(parsed.problems)) throw new SeedProblemsError(detail.seedsPath, parsed.problems);
  const plan = await ctx.store.reopenJob(jobId);
  return execute(ctx, launch, plan.job, meta.folder, detail.pipelineSnapshot, parsed.seeds, {
    doneKeys: plan.doneKeys,
    previousUsage: plan.previousUsage,
    previousElapsedMs: plan.previousElapsedMs,
  });
}

async function execute(
  ctx: LaunchContext,
  launch: BatchLaunch,
  job: JobRow,
  folder: string,
  pipeline: PipelineFile,
  seeds: readonly Seed[] | SeedList,
  resume: { doneKeys?: Set<string>; previousUsage?: RunSummary['usage']; previousElapsedMs?: number },
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
  // A batch job waits for hours: the heartbeat keeps its elapsed time (and its runner's liveness) current.
  const heartbeat = setInterval(() => ctx.store.heartbeat(job.id).catch(() => undefined), ctx.heartbeatMs ?? 5000);
  heartbeat.unref();
  let summary: RunSummary;
  try {
    summary = await runBatchJob({
      jobId: String(job.id),
      jobNumber: job.id,
      blocks: executionOrder(pipeline),
      seeds,
      registry: ctx.registry,
      online: ctx.llm,
      models: ctx.settings,
      batch: launch.batch,
      dir: folder,
      apiFor: launch.apiFor,
      sink,
      concurrency: ctx.settings.concurrency,
      maxUnits: ctx.settings.maxUnitsPerJob,
      renderLimits: ctx.settings.templates,
      signal: ctx.signal,
      secrets: ctx.secrets,
      pipelineName: pipeline.name,
      onProgress: ctx.onProgress ? (p) => ctx.onProgress?.(p, job.id) : undefined,
      log: ctx.log,
      ...(launch.sleep ? { sleep: launch.sleep } : {}),
      ...resume,
    });
  } catch (e) {
    clearInterval(heartbeat);
    const row = ctx.store.jobRow(job.id) ?? job;
    const reason = e instanceof Error ? e.message : String(e);
    await ctx.store.finishJob(job.id, { status: 'failed', reason, total: row.total, elapsedMs: (resume.previousElapsedMs ?? 0) + Date.now() - started, usage: row.usage });
    throw e;
  }
  await runJobEndHooks({ store: ctx.store, registry: ctx.registry, jobId: job.id, pipeline, status: summary.status, secrets: ctx.secrets, signal: ctx.signal, log: ctx.log });
  clearInterval(heartbeat);
  const finished = await ctx.store.finishJob(job.id, summary);
  return { job: finished, summary, outcome: jobOutcome(finished, summary, { usage: resume.previousUsage, elapsedMs: resume.previousElapsedMs }) };
}

function recordedSettings(ctx: LaunchContext): Record<string, unknown> {
  const s = ctx.settings;
  return {
    models: s.models.map(({ name, baseUrl, model }) => ({ name, baseUrl, model })),
    defaultModel: s.defaultModel ?? null,
    embeddingModels: s.embeddingModels.map(({ name, baseUrl, model }) => ({ name, baseUrl, model })),
    defaultEmbeddingModel: s.defaultEmbeddingModel ?? null,
    concurrency: s.concurrency,
    requestTimeoutMs: s.requestTimeoutMs,
    maxRetries: s.maxRetries,
    mode: 'batch',
  };
}
