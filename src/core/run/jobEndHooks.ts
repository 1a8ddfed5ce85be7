import type { BlockRegistry, JobEndContext, JobRecordView, SecretLookup } from '../blocks/blockTypes';
import { withDefaults } from '../blocks/configValues';
import { executionOrder } from '../pipeline/executionOrder';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { JsonObject } from '../store/storeTypes';
import type { WorkspaceStore } from '../store/workspaceStore';
import type { RunStatus } from './runTypes';

export interface JobEndHookRun {
  store: WorkspaceStore;
  registry: BlockRegistry;
  jobId: number;
  pipeline: PipelineFile;
  /** How the run ended (the run summary's status). */
  status: RunStatus;
  secrets?: SecretLookup;
  signal?: AbortSignal;
  log?: (message: string) => void;
}

const noSecrets: SecretLookup = async () => undefined;

/**
 * Calls `onJobEnd` of every block of the pipeline that has one, in execution order, one after the other (a later
 * hook may rely on an earlier one's metadata). A hook that throws is logged and its error stored in the job's
 * metadata under `hooks.<blockId>.error`; the other hooks still run, and records and job status are never touched
 * here. A hook that succeeds clears an error an earlier run left for it. Never throws.
 */
export async function runJobEndHooks(run: JobEndHookRun): Promise<void> {
  const log = run.log ?? (() => undefined);
  const signal = run.signal ?? new AbortController().signal;
  for (const spec of executionOrder(run.pipeline)) {
    const definition = run.registry.get(spec.type);
    if (!definition?.onJobEnd) continue;
    const context: JobEndContext = {
      jobId: String(run.jobId),
      pipelineName: run.pipeline.name,
      config: withDefaults(definition.configSchema, spec.config ?? {}),
      blockId: spec.id,
      status: run.status,
      records: () => recordViews(run.store, run.jobId),
      jobMetadata: currentMetadata(run.store, run.jobId),
      setJobMetadata: async (patch) => {
        await run.store.setJobMetadata(run.jobId, patch);
      },
      secrets: run.secrets ?? noSecrets,
      signal,
      log,
    };
    let error: string | undefined;
    try {
      await definition.onJobEnd(context);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
      log(`Job ${run.jobId}: block '${spec.id}' (${spec.type}) failed after the job ended: ${error}`);
    }
    try {
      await (error === undefined ? clearHookError(run, spec.id) : setHookError(run, spec.id, error));
    } catch (e) {
      log(`Job ${run.jobId}: could not record the outcome of block '${spec.id}' in the job: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

async function* recordViews(store: WorkspaceStore, jobId: number): AsyncGenerator<JobRecordView> {
  for await (const r of store.jobRecords(jobId)) {
    yield { id: r.id, status: r.status, metadata: r.metadata, output: r.output, trace: r.trace };
  }
}

function currentMetadata(store: WorkspaceStore, jobId: number): JsonObject {
  return store.getJob(jobId)?.metadata ?? {};
}

/** The `hooks` entry of the metadata; the merge is shallow, so each write carries every block's entry. */
function hookEntries(run: JobEndHookRun): JsonObject {
  const hooks = currentMetadata(run.store, run.jobId).hooks;
  return typeof hooks === 'object' && hooks !== null && !Array.isArray(hooks) ? { ...(hooks as JsonObject) } : {};
}

async function setHookError(run: JobEndHookRun, blockId: string, message: string): Promise<void> {
  const hooks = hookEntries(run);
  hooks[blockId] = { error: message };
  await run.store.setJobMetadata(run.jobId, { hooks });
}

async function clearHookError(run: JobEndHookRun, blockId: string): Promise<void> {
  const hooks = hookEntries(run);
  if (!(blockId in hooks)) return;
  delete hooks[blockId];
  await run.store.setJobMetadata(run.jobId, { hooks });
}
