import { isJsonObject } from '../json/jsonPath';
import type { JsonObject } from '../store/storeTypes';
import type { ShardSpec } from './shardSpec';

/** What a shard's job records in its metadata (`shard`): which slice it runs, and the whole job's unit count when known. */
export interface ShardJobInfo extends ShardSpec {
  /** Units of the whole (unsharded) job; absent for multiplier pipelines, whose units are known only as they run. */
  jobTotal?: number;
}

export function shardMetadata(info: ShardJobInfo): JsonObject {
  return { shard: { index: info.index, count: info.count, ...(info.jobTotal !== undefined ? { jobTotal: info.jobTotal } : {}) } };
}

/** The shard a job runs, from its metadata; undefined for an ordinary (or merged) job. */
export function shardOfJob(metadata: JsonObject): ShardJobInfo | undefined {
  const value = metadata.shard;
  if (!isJsonObject(value)) return undefined;
  const { index, count, jobTotal } = value;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) return undefined;
  const i = index as number;
  const n = count as number;
  if (n < 1 || i < 1 || i > n) return undefined;
  return { index: i, count: n, ...(Number.isSafeInteger(jobTotal) ? { jobTotal: jobTotal as number } : {}) };
}
