import type { JobDetail } from '../store/storeTypes';
import type { WorkspaceStore } from '../store/workspaceStore';
import { shardOfJob, type ShardJobInfo } from './shardJob';
import { ShardMergeError } from './shardMergeErrors';
import { shardLabel } from './shardSpec';

/** A shard's database, opened (read-only) by the caller. */
export interface ShardSource {
  /** As the user named it, for messages. */
  path: string;
  store: WorkspaceStore;
}

/** One shard job to merge: the job in its database and the slice it ran. */
export interface ShardInput {
  source: ShardSource;
  job: JobDetail;
  shard: ShardJobInfo;
}

/**
 * The shard jobs of the given databases, checked to be shards of one job: the same pipeline file and seed file
 * (by content hash, as resume checks them) and the same number of shards. Refuses a database without a shard job.
 */
export function shardInputs(sources: readonly ShardSource[]): ShardInput[] {
  const inputs: ShardInput[] = [];
  for (const source of sources) {
    const found: ShardInput[] = [];
    for (const row of source.store.listJobs()) {
      const shard = shardOfJob(row.metadata);
      const job = shard ? source.store.getJob(row.id) : undefined;
      if (shard && job) found.push({ source, job, shard });
    }
    if (found.length === 0) {
      throw new ShardMergeError(`${source.path} holds no shard job: shards are made by 'datagenflow run <pipeline> --seeds <file> --shard i/n'.`);
    }
    inputs.push(...found.reverse()); // oldest first: a later run of the same shard counts last
  }
  const [first, ...rest] = inputs;
  for (const other of rest) checkSameJob(first, other);
  return inputs;
}

function checkSameJob(a: ShardInput, b: ShardInput): void {
  if (a.job.pipelineHash !== b.job.pipelineHash) {
    throw new ShardMergeError(
      `Not the shards of one job: ${describe(a)} ran pipeline ${a.job.pipelinePath} (${short(a.job.pipelineHash)}), but ${describe(b)} ran ${b.job.pipelinePath} (${short(b.job.pipelineHash)}). ` +
        'Shards of one job run the same pipeline file, unchanged; nothing was merged.',
    );
  }
  if (a.job.seedsHash !== b.job.seedsHash) {
    throw new ShardMergeError(
      `Not the shards of one job: ${describe(a)} ran seed file ${a.job.seedsPath ?? '(none)'} (${short(a.job.seedsHash)}), but ${describe(b)} ran ${b.job.seedsPath ?? '(none)'} (${short(b.job.seedsHash)}). ` +
        'Shards of one job run the same seed file, unchanged; nothing was merged.',
    );
  }
  if (a.shard.count !== b.shard.count) {
    throw new ShardMergeError(`Not the shards of one split: ${describe(a)} is shard ${shardLabel(a.shard)}, ${describe(b)} is shard ${shardLabel(b.shard)}; merge the shards of one --shard i/n run together. Nothing was merged.`);
  }
}

export function describe(input: ShardInput): string {
  return `${input.source.path} (job ${input.job.id}, shard ${shardLabel(input.shard)})`;
}

function short(hash: string | null): string {
  return hash ? `content ${hash.slice(0, 12)}` : 'no hash';
}
