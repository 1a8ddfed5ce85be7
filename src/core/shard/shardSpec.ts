import { DgfError } from '../errors';

/** Shard `index` of `count` (1-based: 1/4 … 4/4): the units of every seed whose index modulo `count` is `index - 1`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** `--shard` was not of the form i/n with 1 ≤ i ≤ n, or named an environment variable that is not set. */
export class ShardSpecError extends DgfError {
  constructor(message: string) {
    super('shard-spec', message);
  }
}

/**
 * Reads `i/n`. `i` may also be `$NAME` (or `${NAME}`), read from `env`: for schedulers that set the index in an
 * environment variable and launch the command without a shell to expand it. A zero-based index (Kubernetes'
 * JOB_COMPLETION_INDEX) takes `+1`: `$JOB_COMPLETION_INDEX+1/4`, or `0+1/4` once a shell expanded it.
 */
export function parseShardSpec(text: string, env: Readonly<Record<string, string | undefined>> = {}): ShardSpec {
  const match = /^\s*(?:(\d+)|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?)(?:\+(\d+))?\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new ShardSpecError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4, or $SLURM_ARRAY_TASK_ID/4), got '${text}'`);
  const count = Number(match[4]);
  let index: number;
  if (match[1] !== undefined) index = Number(match[1]) + Number(match[3] ?? 0);
  else {
    const value = env[match[2]];
    if (value === undefined || !/^\s*\d+\s*$/.test(value)) {
      throw new ShardSpecError(`--shard ${text}: the environment variable ${match[2]} is ${value === undefined ? 'not set' : `'${value}', not a whole number`}`);
    }
    index = Number(value) + Number(match[3] ?? 0);
  }
  if (!Number.isSafeInteger(count) || count < 1) throw new ShardSpecError(`--shard ${text}: the number of shards must be at least 1`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) {
    throw new ShardSpecError(`--shard ${text}: the shard index must be between 1 and ${count}, got ${index}${index === 0 ? ' (shards count from 1: add +1 to a zero-based index, e.g. $JOB_COMPLETION_INDEX+1/' + count + ')' : ''}`);
  }
  return { index, count };
}

/** Whether the seed at `seedIndex` belongs to the shard: every unit of a seed goes to the same shard. */
export function inShard(seedIndex: number, shard: ShardSpec): boolean {
  return seedIndex % shard.count === shard.index - 1;
}

export function shardLabel(shard: ShardSpec): string {
  return `${shard.index}/${shard.count}`;
}
