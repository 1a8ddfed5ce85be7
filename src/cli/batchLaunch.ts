import { OpenAiBatchApi } from '../core/batch/batchApi';
import { modelsWantBatch } from '../core/batch/batchChoice';
import { batchJobsRoot } from '../core/batch/batchFolder';
import type { BatchLaunch } from '../core/batch/batchJobLauncher';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import type { RunOptionArgs } from './args';
import type { Engine } from './engineSetup';
import { environmentKeys } from './envKeys';

/** Whether `run` makes a batch job: --batch, or every model the pipeline uses has `"batch": true`. */
export function runsAsBatch(args: RunOptionArgs, engine: Engine, pipeline: PipelineFile): boolean {
  return args.batch === true || modelsWantBatch(pipeline, engine.registry, engine.settings);
}

/**
 * The batch side of a CLI run: the settings (with --batch-missing), the Batch API of each model with its key from
 * the environment, and the database's batch folder beside it (`.datagenflow/batches/<db file>/job-<id>`).
 */
export function cliBatchLaunch(args: RunOptionArgs, engine: Engine, databasePath: string): BatchLaunch {
  const keys = environmentKeys();
  return {
    batch: { ...engine.settings.batch, ...(args.batchMissing ? { missing: args.batchMissing } : {}) },
    apiFor: async (config) => new OpenAiBatchApi(config, (await keys(config.name))?.trim() || undefined, engine.settings.requestTimeoutMs),
    root: batchJobsRoot(databasePath),
  };
}
