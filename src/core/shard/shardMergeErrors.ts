import { DgfError } from '../errors';

/** The databases given to merge are not the shards of one job (different pipeline, seeds or split), or hold no shard. */
export class ShardMergeError extends DgfError {
  constructor(message: string) {
    super('shard-merge', message);
  }
}
