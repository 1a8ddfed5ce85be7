import { join } from 'node:path';
import { DgfError } from '../errors';
import { isJsonObject } from '../json/jsonPath';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { ResultSink } from '../records/unitResult';
import { executeJob, launchRunOptions, newJobFields, readJobSeeds, recordedSettings, reopenedRun, type LaunchContext, type LaunchResult, type NewRun } from '../run/jobLauncher';
import type { RunSummary } from '../run/runTypes';
import { totalRepetitions } from '../run/unitPlan';
import { shardMetadata } from '../shard/shardJob';
import { shardSeeds } from '../shard/shardSeeds';
import { releaseSeeds } from '../seeds/seedList';
import type { ReadRecordedSeeds, Seed, SeedList } from '../seeds/seedTypes';
import type { JobRow, JsonObject } from '../store/storeTypes';
import type { BatchApiFactory } from './batchApi';
import { refuseMultiplierInBatch, runBatchJob } from './batchRunner';
import { resolveBlocks } from '../run/resolveBlocks';
import { executionOrder } from '../pipeline/executionOrder';
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
  if (!isJsonObject(raw)) return undefined;
  const { folder, completionWindow } = raw;
  return typeof folder === 'string' && typeof completionWindow === 'string' ? { folder, completionWindow } : undefined;
}

/** Creates a batch job in the store and runs it to the end (which may take the provider's whole completion window). */
export async function startBatchJob(ctx: LaunchContext, launch: BatchLaunch, run: NewRun): Promise<LaunchResult> {
  refuseMultiplierInBatch(resolveBlocks(executionOrder(run.pipeline), ctx.registry));
  const placeholder: JsonObject = { folder: '', completionWindow: launch.batch.completionWindow };
  // A shard (`run --shard i/n --batch`) runs its slice of the seeds as a batch job, resumable and mergeable as any shard.
  const seeds = run.shard ? shardSeeds(run.seeds, run.shard) : run.seeds;
  const shard = run.shard ? shardMetadata({ ...run.shard, jobTotal: totalRepetitions(run.seeds) }) : {};
  const created = await ctx.store.createJob({
    ...newJobFields(run),
    modelSettings: { ...recordedSettings(ctx.settings), mode: 'batch' },
    total: totalRepetitions(seeds),
    metadata: { ...(run.metadata ?? {}), ...shard, batch: placeholder },
  });
  const folder = join(launch.root, `job-${created.id}`);
  await ctx.store.setJobMetadata(created.id, { batch: { folder, completionWindow: launch.batch.completionWindow } });
  const job = ctx.store.jobRow(created.id) ?? created;
  if (run.pipeline.constraints) ctx.log?.('Pipeline constraints (tokens, time) do not apply to batch jobs: the provider runs each stage whole.');
  return execute(ctx, launch, job, folder, run.pipeline, seeds, {});
}

/** Goes on with a batch job that was interrupted or cancelled: polls its batches again, then runs what is missing. */
export async function resumeBatchJob(ctx: LaunchContext, launch: BatchLaunch, jobId: number, readSeeds: ReadRecordedSeeds): Promise<LaunchResult> {
  const detail = ctx.store.getJob(jobId);
  if (!detail) throw new DgfError('job-not-found', `There is no job ${jobId} in this database. 'datagenflow jobs' lists the jobs.`);
  const meta = batchJobMetadata(detail);
  if (!meta) throw new DgfError('not-a-batch-job', `Job ${jobId} is not a batch job.`);
  const seeds = await readJobSeeds(ctx, detail, readSeeds);
  try {
    const { job, seeds: slice, resume } = await reopenedRun(ctx, detail, seeds);
    return await execute(ctx, launch, job, meta.folder, detail.pipelineSnapshot, slice, resume);
  } finally {
    releaseSeeds(seeds);
  }
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
  // A batch job waits for hours: executeJob's heartbeat keeps its elapsed time (and its runner's liveness) current.
  const runUnits = (sink: ResultSink) =>
    runBatchJob({
      ...launchRunOptions(ctx, job, pipeline, seeds, sink),
      jobNumber: job.id,
      online: ctx.llm,
      models: ctx.settings,
      batch: launch.batch,
      dir: folder,
      apiFor: launch.apiFor,
      log: ctx.log,
      ...(launch.sleep ? { sleep: launch.sleep } : {}),
      ...resume,
    });
  return executeJob(ctx, job, pipeline, resume, runUnits);
}
