import { isJsonObject } from '../json/jsonPath';
import type { TokenUsage } from '../llm/llmTypes';
import type { JobRow, JsonObject } from '../store/storeTypes';
import type { WorkspaceStore } from '../store/workspaceStore';
import type { ShardInput } from './shardInputs';

/** What one shard brought to the merged job, kept in its metadata (`mergedShards`, by label `i/n`). */
export interface ShardContribution {
  /** The shard database, as given to merge. */
  from: string;
  jobId: number;
  status: string;
  /** The shard job's units (its slice) and records (succeeded + failed) when merged. */
  total: number;
  records: number;
  usage: TokenUsage;
  elapsedMs: number;
}

export const MERGED_SHARDS_KEY = 'mergedShards';

export function contributionOf(input: ShardInput): ShardContribution {
  const { job } = input;
  return {
    from: input.source.path,
    jobId: job.id,
    status: job.status,
    total: job.total,
    records: job.generated + job.failed,
    usage: { ...job.usage },
    elapsedMs: job.elapsedMs ?? 0,
  };
}

export function contributionsOf(job: JobRow): Record<string, ShardContribution> {
  const value = job.metadata[MERGED_SHARDS_KEY];
  return isJsonObject(value) ? (value as Record<string, ShardContribution>) : {};
}

/**
 * The workspace job the shards of `input`'s job merge into: the newest earlier merge of the same pipeline and
 * seeds (so merging again adds to it), else a new job made from the shard's (pipeline snapshot, paths, hashes,
 * model settings), `running` until the merge finishes it.
 */
export async function findOrCreateMergedJob(target: WorkspaceStore, input: ShardInput): Promise<{ job: JobRow; created: boolean }> {
  const existing = target
    .listJobs()
    .find((j) => j.pipelineHash === input.job.pipelineHash && j.seedsHash === input.job.seedsHash && MERGED_SHARDS_KEY in j.metadata && !('shard' in j.metadata));
  if (existing) return { job: existing, created: false };
  const { job, shard } = input;
  const metadata: JsonObject = { [MERGED_SHARDS_KEY]: {} };
  const created = await target.createJob({
    pipelinePath: job.pipelinePath,
    pipelineName: job.pipelineName,
    pipelineSnapshot: job.pipelineSnapshot,
    pipelineHash: job.pipelineHash,
    seedsPath: job.seedsPath,
    seedsHash: job.seedsHash,
    modelSettings: job.modelSettings,
    ...(shard.jobTotal !== undefined ? { total: shard.jobTotal } : {}),
    metadata,
  });
  return { job: created, created: true };
}
