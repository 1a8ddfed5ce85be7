import { OpenAiBatchApi } from '../core/batch/batchApi';
import { batchJobsRoot } from '../core/batch/batchFolder';
import type { BatchLaunch } from '../core/batch/batchJobLauncher';
import type { DataGenFlowSettings } from '../core/config/settings';
import type { SecretKeys } from './secretKeys';

/** The batch side of a run in VS Code: the settings, each model's Batch API with its key from SecretStorage, the folder. */
export function hostBatchLaunch(settings: DataGenFlowSettings, keys: SecretKeys, databasePath: string): BatchLaunch {
  return {
    batch: settings.batch,
    apiFor: async (config) => new OpenAiBatchApi(config, (await keys.modelKey(config.name))?.trim() || undefined, settings.requestTimeoutMs),
    root: batchJobsRoot(databasePath),
  };
}
