import { addUsage, emptyUsage, usageSince } from '../llm/llmTypes';
import { parseUnitKey } from '../records/unitKeys';
import type { FinishedRun, JobRow } from '../store/storeTypes';
import type { WorkspaceStore } from '../store/workspaceStore';
import { contributionOf, contributionsOf, findOrCreateMergedJob, MERGED_SHARDS_KEY, type ShardContribution } from './mergedJob';
import { recordAsResult } from './recordAsResult';
import { shardInputs, type ShardInput, type ShardSource } from './shardInputs';
import { shardLabel } from './shardSpec';

/** What merging did to one shard job. */
export interface ShardMergeResult {
  path: string;
  label: string;
  shardJobId: number;
  /** The shard job's status as read (a `running` shard is merged as far as it got). */
  status: string;
  /** Its records read, and those that were new to the merged job (or replaced a failure there). */
  records: number;
  added: number;
  /** Units of its slice without a record in the shard (it was interrupted, cancelled or is still running). */
  missing: number;
}

export interface MergeReport {
  jobId: number;
  created: boolean;
  /** Nothing changed: every record and every shard's totals were already in the merged job. */
  unchanged: boolean;
  shards: ShardMergeResult[];
  /** Labels (`i/n`) of the split's shards never merged into this job. */
  missingShards: string[];
  /** The merged job as stored now. */
  job: JobRow;
  /** Units of the whole job without a record; undefined when unknown (a multiplier pipeline with shards missing). */
  missingUnits: number | undefined;
}

export interface MergeOptions {
  /** Records written at once (each is durable when written; concurrent ones share one flush: 256 make ~1 flush per 240 records). */
  concurrency?: number;
}

/**
 * Merges the shards of one job (each shard's database opened read-only) into one job of `target`: the records
 * of every shard under their unit keys, the shards' token usage and time. Idempotent: a unit the merged job holds
 * is not written again (a failed one is replaced by a success), and each shard's usage and time count once,
 * whatever the number of merges. The job ends `completed` when every unit of every shard has a record, else
 * `cancelled` with the reason, so that it can be resumed to run the missing units.
 */
export async function mergeShards(target: WorkspaceStore, sources: readonly ShardSource[], options: MergeOptions = {}): Promise<MergeReport> {
  const inputs = shardInputs(sources);
  const { job: start, created } = await findOrCreateMergedJob(target, inputs[0]);
  const jobId = start.id;
  const done = target.doneKeys(jobId);
  const failed = target.failedKeys(jobId);
  const before = target.jobRow(jobId) ?? start;
  const shards: ShardMergeResult[] = [];
  let added = 0;
  for (const input of inputs) {
    const result = await mergeRecords(target, jobId, input, done, failed, options.concurrency ?? 256);
    added += result.added;
    shards.push(result);
  }

  const previous = contributionsOf(before);
  const contributions: Record<string, ShardContribution> = { ...previous };
  const usage = addUsage(emptyUsage(), before.usage);
  let elapsedMs = before.elapsedMs ?? 0;
  for (const input of inputs) {
    const label = shardLabel(input.shard);
    const now = contributionOf(input);
    const earlier = contributions[label];
    // Each shard's usage and time count once: a shard merged again (resumed since) adds only what it spent since.
    addUsage(usage, usageSince(now.usage, earlier?.usage));
    elapsedMs += now.elapsedMs - (earlier?.elapsedMs ?? 0);
    contributions[label] = now;
  }

  const count = inputs[0].shard.count;
  const merged = Object.keys(sorted(contributions));
  const missingShards = Array.from({ length: count }, (_, i) => `${i + 1}/${count}`).filter((label) => !merged.includes(label));
  const afterRecords = target.jobRow(jobId) ?? before;
  const jobTotal = inputs.find((i) => i.shard.jobTotal !== undefined)?.shard.jobTotal;
  // A multiplier job's units are known only as shards run them: the sum of the shards' slices, once all are in.
  const total = jobTotal ?? Object.values(contributions).reduce((sum, c) => sum + c.total, 0);
  const present = afterRecords.generated + afterRecords.failed;
  const missingUnits = jobTotal === undefined && missingShards.length > 0 ? undefined : Math.max(0, total - present);
  const shardsUnfinished = Object.entries(contributions).filter(([, c]) => c.status !== 'completed').map(([label]) => label);
  const complete = missingUnits === 0 && missingShards.length === 0 && shardsUnfinished.length === 0;
  const status: FinishedRun['status'] = complete ? 'completed' : 'cancelled';
  const reason = complete ? undefined : incompleteReason(merged, missingShards, shardsUnfinished, missingUnits, total);

  // Where a shard was read from is kept for the record, but the same shard read from another path is no change.
  const contributionsChanged = JSON.stringify(withoutPaths(previous)) !== JSON.stringify(withoutPaths(contributions));
  const unchanged = !created && added === 0 && !contributionsChanged && afterRecords.status === status && (afterRecords.error ?? undefined) === reason;
  if (!unchanged) {
    if (afterRecords.status !== 'running') await target.reopenJob(jobId);
    await target.setJobMetadata(jobId, { [MERGED_SHARDS_KEY]: sorted(contributions) });
    await target.finishJob(jobId, { status, ...(reason ? { reason } : {}), elapsedMs, usage, total });
  }
  return { jobId, created, unchanged, shards, missingShards, job: target.jobRow(jobId) ?? afterRecords, missingUnits };
}

async function mergeRecords(
  target: WorkspaceStore,
  jobId: number,
  input: ShardInput,
  done: Set<string>,
  failed: Set<string>,
  concurrency: number,
): Promise<ShardMergeResult> {
  const sink = target.recordSink(jobId);
  const inFlight = new Set<Promise<void>>();
  let records = 0;
  let added = 0;
  let seedsWithUnits: Set<number> | undefined;
  for await (const record of input.source.store.jobRecords(input.job.id)) {
    records++;
    const key = record.unitKey;
    if (done.has(key)) continue;
    if (record.status === 'failed') {
      if (failed.has(key)) continue;
      // A multiplier's failure is keyed by its seed: units of that seed already merged supersede it.
      if (parseUnitKey(key)?.repetition === undefined && parseUnitKey(key)?.chunkIndex === undefined) {
        seedsWithUnits ??= new Set([...done].map((k) => parseUnitKey(k)?.seedIndex ?? -1));
        if (seedsWithUnits.has(record.seedIndex)) continue;
      }
      failed.add(key);
    } else {
      done.add(key);
      failed.delete(key);
      seedsWithUnits?.add(record.seedIndex);
    }
    added++;
    const write = sink.write(recordAsResult(record)).finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const { job } = input;
  return {
    path: input.source.path,
    label: shardLabel(input.shard),
    shardJobId: job.id,
    status: job.status,
    records,
    added,
    missing: Math.max(0, job.total - job.generated - job.failed),
  };
}

function sorted(contributions: Record<string, ShardContribution>): Record<string, ShardContribution> {
  const byIndex = (label: string) => Number(label.split('/')[0]);
  return Object.fromEntries(Object.entries(contributions).sort(([a], [b]) => byIndex(a) - byIndex(b)));
}

function withoutPaths(contributions: Record<string, ShardContribution>): Record<string, Omit<ShardContribution, 'from'>> {
  return Object.fromEntries(Object.entries(sorted(contributions)).map(([label, { from: _from, ...numbers }]) => [label, numbers]));
}

function incompleteReason(merged: string[], missingShards: string[], unfinished: string[], missingUnits: number | undefined, total: number): string {
  const parts = [`Merged from shard(s) ${merged.join(', ')}`];
  if (missingUnits !== undefined && missingUnits > 0) parts.push(`${missingUnits} of ${total} units have no record yet`);
  if (missingShards.length > 0) parts.push(`shard(s) ${missingShards.join(', ')} not merged`);
  if (unfinished.length > 0) parts.push(`shard(s) ${unfinished.join(', ')} had not completed when merged`);
  return `${parts.join('; ')}. Resume the job to run the missing units, or merge the missing shards.`;
}
