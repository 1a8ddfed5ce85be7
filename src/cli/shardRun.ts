import { basename, join, resolve } from 'node:path';
import { shardOfJob } from '../core/shard/shardJob';
import type { ShardSpec } from '../core/shard/shardSpec';
import type { WorkspaceStore } from '../core/store/workspaceStore';
import type { JobRow } from '../core/store/storeTypes';

/** Where `run --shard i/n` writes without --db: `.datagenflow/shards/<pipeline>-<i>-of-<n>.db` in the workspace. */
export function shardDatabasePath(workspace: string, pipelinePath: string, shard: ShardSpec): string {
  const name = basename(pipelinePath).replace(/\.dgf\.json$|\.json$/i, '') || 'pipeline';
  return join(resolve(workspace), '.datagenflow', 'shards', `${name}-${shard.index}-of-${shard.count}.db`);
}

/**
 * The shard's job from an earlier run of the same command (same shard, pipeline and seeds): a scheduler that runs
 * a failed or killed shard again continues it instead of starting over. The newest one wins.
 */
export function earlierShardJob(store: WorkspaceStore, shard: ShardSpec, pipelineHash: string, seedsHash: string): JobRow | undefined {
  return store.listJobs().find((job) => {
    const recorded = shardOfJob(job.metadata);
    return recorded?.index === shard.index && recorded.count === shard.count && job.pipelineHash === pipelineHash && job.seedsHash === seedsHash;
  });
}
