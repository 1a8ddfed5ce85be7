import { seedListOf } from '../seeds/seedList';
import type { Seed, SeedList } from '../seeds/seedTypes';
import { inShard, type ShardSpec } from './shardSpec';

/**
 * The seeds as one shard sees them: every seed keeps its index (so unit keys are those of the whole job), and the
 * seeds of other shards have no repetitions, so the runner makes no unit of them and never runs their multiplier.
 */
export function shardSeeds(seeds: readonly Seed[] | SeedList, shard: ShardSpec): SeedList {
  const list = seedListOf(seeds);
  const repetitionsAt = (index: number): number => (inShard(index, shard) ? list.repetitionsAt(index) : 0);
  const at = (index: number): Seed | undefined => {
    const seed = list.at(index);
    return seed && !inShard(index, shard) ? { ...seed, repetitions: 0 } : seed;
  };
  return {
    get length() {
      return list.length;
    },
    at,
    repetitionsAt,
    *[Symbol.iterator]() {
      for (let i = 0; i < list.length; i++) yield at(i) as Seed;
    },
  };
}
