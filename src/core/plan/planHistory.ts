import { chunkKey, repetitionKey } from '../records/unitKeys';
import type { JobRow, RecordDetail } from '../store/storeTypes';
import type { TryRecord } from '../try/tryTypes';

/** What earlier jobs of a pipeline tell the plan, per block and per unit. */
export interface PlanHistory {
  /** The jobs read, newest first (empty when only tries are known). */
  jobIds: number[];
  /** Records read (succeeded and failed). */
  records: number;
  /** Kept tries read (see withTries). */
  tries: number;
  /** Per block id: over the trace entries that ran it without error. */
  blocks: Map<string, BlockHistory>;
  /** Mean time of a succeeded unit, all blocks included; undefined when none succeeded. */
  unitDurationMs?: number;
  /**
   * The newest job's time beyond its units' waves (elapsed − ⌈units / concurrency⌉ × unit time): starting the
   * render workers, storing, finishing. A fixed cost that dominates small jobs.
   */
  jobOverheadMs?: number;
  /** Outputs of the newest job's units, by unit key then block id: later blocks' prompts are rendered with them. */
  outputsByUnit: Map<string, Map<string, Record<string, unknown>>>;
  /** Every output read, per block id (for sampled units the newest job did not run). */
  outputs: Map<string, Record<string, unknown>[]>;
}

export interface BlockHistory {
  entries: number;
  /** Of `entries`, those from tries (the rest are from jobs' records). */
  tryEntries: number;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
}

/** The part of the workspace store the plan reads. */
export interface HistorySource {
  listJobs(): JobRow[];
  jobRecords(jobId: number, batchSize?: number): AsyncIterable<RecordDetail>;
}

export interface HistoryOptions {
  /** Jobs read at most (newest first). */
  maxJobs?: number;
  /** Records read at most, over those jobs. */
  maxRecords?: number;
}

const DEFAULT_MAX_JOBS = 3;
const DEFAULT_MAX_RECORDS = 400;

/** Earlier jobs of the pipeline at `pipelinePath` that produced records, or undefined when there are none. */
export async function readPlanHistory(source: HistorySource, pipelinePath: string, options: HistoryOptions = {}): Promise<PlanHistory | undefined> {
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const jobs = source
    .listJobs()
    .filter((job) => job.pipelinePath === pipelinePath && job.status !== 'running' && job.generated > 0)
    .slice(0, options.maxJobs ?? DEFAULT_MAX_JOBS);
  if (jobs.length === 0) return undefined;
  const history: PlanHistory = { jobIds: jobs.map((j) => j.id), records: 0, tries: 0, blocks: new Map(), outputsByUnit: new Map(), outputs: new Map() };
  let succeeded = 0;
  let unitMs = 0;
  for (const [index, job] of jobs.entries()) {
    for await (const record of source.jobRecords(job.id)) {
      if (history.records >= maxRecords) break;
      history.records++;
      if (record.status !== 'failed') {
        succeeded++;
        unitMs += record.durationMs;
      }
      for (const entry of record.trace) {
        if (entry.error !== null || entry.output === null) continue;
        // A reused answer cost nothing and took no time: it says nothing about what a call costs.
        if (entry.reused !== true) {
          const block = history.blocks.get(entry.block_id) ?? { entries: 0, tryEntries: 0, inputTokens: 0, outputTokens: 0, durationMs: 0 };
          block.entries++;
          block.inputTokens += entry.usage?.input_tokens ?? 0;
          block.outputTokens += entry.usage?.output_tokens ?? 0;
          block.durationMs += entry.duration_ms;
          history.blocks.set(entry.block_id, block);
        }
        const list = history.outputs.get(entry.block_id) ?? [];
        list.push(entry.output);
        history.outputs.set(entry.block_id, list);
        if (index === 0) {
          const unit = history.outputsByUnit.get(record.unitKey) ?? new Map<string, Record<string, unknown>>();
          unit.set(entry.block_id, entry.output);
          history.outputsByUnit.set(record.unitKey, unit);
        }
      }
    }
    if (history.records >= maxRecords) break;
  }
  if (succeeded === 0) return history;
  const unitDurationMs = unitMs / succeeded;
  return { ...history, unitDurationMs, ...overhead(jobs[0], unitDurationMs) };
}

function overhead(job: JobRow, unitDurationMs: number): { jobOverheadMs?: number } {
  const concurrency = job.modelSettings.concurrency;
  if (job.elapsedMs === null || job.total <= 0 || typeof concurrency !== 'number' || concurrency < 1) return {};
  return { jobOverheadMs: Math.max(0, job.elapsedMs - Math.ceil(job.total / concurrency) * unitDurationMs) };
}

/**
 * The history with the pipeline's kept tries added (the "earlier jobs and tries per block"): each block a
 * try ran without error adds its answer's tokens (unless reused from the cache, which says nothing about a call)
 * and its output (for later prompts instead of placeholders; a job's own unit output still comes first). Time stays
 * measured from jobs: a try is one unit run alone, not a job's waves. Undefined when neither has anything.
 */
export function withTries(history: PlanHistory | undefined, tries: readonly TryRecord[]): PlanHistory | undefined {
  const used = tries.filter((t) => t.blocks.some((b) => !b.error && b.output !== null));
  if (used.length === 0) return history;
  const merged: PlanHistory = history
    ? { ...history, blocks: new Map([...history.blocks].map(([id, b]) => [id, { ...b }])), outputsByUnit: new Map(history.outputsByUnit), outputs: new Map([...history.outputs].map(([id, list]) => [id, [...list]])) }
    : { jobIds: [], records: 0, tries: 0, blocks: new Map(), outputsByUnit: new Map(), outputs: new Map() };
  for (const t of used) {
    merged.tries++;
    const unitKey = t.chunkIndex === undefined ? repetitionKey(t.seedIndex, 0) : chunkKey(t.seedIndex, t.chunkIndex);
    for (const entry of t.blocks) {
      if (entry.error || entry.output === null) continue;
      if (entry.reused !== true && entry.usage) {
        const block = merged.blocks.get(entry.blockId) ?? { entries: 0, tryEntries: 0, inputTokens: 0, outputTokens: 0, durationMs: 0 };
        block.entries++;
        block.tryEntries++;
        block.inputTokens += entry.usage.input_tokens;
        block.outputTokens += entry.usage.output_tokens;
        block.durationMs += entry.durationMs;
        merged.blocks.set(entry.blockId, block);
      }
      merged.outputs.set(entry.blockId, [...(merged.outputs.get(entry.blockId) ?? []), entry.output]);
      const unit = merged.outputsByUnit.get(unitKey);
      if (!unit?.has(entry.blockId)) merged.outputsByUnit.set(unitKey, new Map(unit ?? []).set(entry.blockId, entry.output));
    }
  }
  return merged;
}

/** The earlier output of `blockId` for the unit `unitKey`, else one of its outputs in other units (picked by `index`). */
export function earlierOutput(history: PlanHistory | undefined, blockId: string, unitKey: string, index: number): Record<string, unknown> | undefined {
  if (!history) return undefined;
  const own = history.outputsByUnit.get(unitKey)?.get(blockId);
  if (own) return own;
  const list = history.outputs.get(blockId);
  return list && list.length > 0 ? list[index % list.length] : undefined;
}
