import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelSettings } from '../llm/llmTypes';
import { resolveChatModel } from '../llm/modelResolver';
import { LlmError } from '../errors';
import type { BatchApi, BatchApiFactory } from './batchApi';
import { BatchApiError } from './batchErrors';
import type { BatchLedger } from './batchLedger';
import { inputIds, readResults } from './batchResults';
import { fileLines } from './textLines';
import type { BatchSettings } from './batchSettings';
import { isTerminal, type BatchFileEntry, type BatchProgress } from './batchTypes';

export interface StageContext {
  ledger: BatchLedger;
  apiFor: BatchApiFactory;
  models: ModelSettings;
  batch: BatchSettings;
  jobId: number;
  signal: AbortSignal;
  /** Resolves after `ms`, or early when `signal` fires. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  onProgress: (progress: BatchProgress) => void;
  /** Lines for the log (malformed result lines, adopted batches); never secrets. */
  log?: (message: string) => void;
}

/**
 * Brings every input file of the job that is not collected yet to the end: uploads it (if not uploaded), creates
 * its batch (or adopts the one a crash left unrecorded), polls until the provider is done with it, and reads its
 * output and error files into the answers. Returns early, with work left, when `signal` fires.
 */
export async function settleBatches(ctx: StageContext): Promise<void> {
  const apis = new Map<string, Promise<BatchApi>>();
  const apiOf = (entry: BatchFileEntry) => {
    let api = apis.get(entry.model);
    if (!api) {
      api = ctx.apiFor(resolveChatModel(ctx.models, entry.model));
      apis.set(entry.model, api);
    }
    return api;
  };
  const open = () => ctx.ledger.files.filter((f) => !f.collected);
  for (let first = true; open().length > 0; first = false) {
    if (!first) {
      ctx.onProgress(batchProgress(ctx.ledger, 'waiting'));
      await ctx.sleep(ctx.batch.pollSeconds * 1000, ctx.signal);
    }
    if (ctx.signal.aborted) return;
    for (const entry of open()) {
      try {
        await step(ctx, await apiOf(entry), entry);
      } catch (e) {
        // A job waits for hours: an outage of the provider (5xx, timeouts, dropped connections, after the SDK's own
        // retries) is waited out at the poll interval; anything else (a refused key, an unknown batch) ends the run.
        if (ctx.signal.aborted || !transient(e)) throw e;
        ctx.log?.(`${entry.name}: ${(e as Error).message}; trying again in ${ctx.batch.pollSeconds} s.`);
      }
      if (ctx.signal.aborted) return;
    }
  }
}

/** One look at one input file: submit it, or read its batch's status, and its results once it is done. */
async function step(ctx: StageContext, api: BatchApi, entry: BatchFileEntry): Promise<void> {
  if (!entry.batchId) {
    ctx.onProgress(batchProgress(ctx.ledger, 'submitting'));
    await submit(ctx, api, entry);
    return;
  }
  const batch = await api.retrieveBatch(entry.batchId, ctx.signal);
  let current = entry;
  if (batch.status !== entry.status || JSON.stringify(batch.counts) !== JSON.stringify(entry.counts)) {
    current = await ctx.ledger.update(entry.name, { status: batch.status, counts: batch.counts });
  }
  if (!isTerminal(batch.status)) return;
  ctx.onProgress(batchProgress(ctx.ledger, 'downloading'));
  await collect(ctx, api, current, batch);
}

function transient(e: unknown): boolean {
  return e instanceof BatchApiError && e.cause instanceof LlmError && e.cause.retryable;
}

/** Asks the provider to cancel the job's batches that are still running (their finished requests stay usable). */
export async function cancelBatches(ctx: Omit<StageContext, 'signal' | 'sleep'>, signal: AbortSignal): Promise<void> {
  for (const entry of ctx.ledger.files) {
    if (entry.collected || !entry.batchId || isTerminal(entry.status) || entry.status === 'cancelling') continue;
    const api = await ctx.apiFor(resolveChatModel(ctx.models, entry.model));
    const batch = await api.cancelBatch(entry.batchId, signal);
    await ctx.ledger.update(entry.name, { status: batch.status, counts: batch.counts });
  }
}

async function submit(ctx: StageContext, api: BatchApi, entry: BatchFileEntry): Promise<void> {
  let fileId = entry.fileId;
  if (!fileId) {
    const content = await readFile(join(ctx.ledger.dir, entry.name));
    fileId = await api.uploadFile(entry.name, content, ctx.signal);
    await ctx.ledger.update(entry.name, { fileId });
  }
  // A create that was sent before (its process died before recording the id) may have made a batch: look for it and
  // use it, never make a second. The look lists the provider's batches back to when that create was sent, so the
  // mark is written before each create and the list is read only after a crash.
  const existing = entry.createSentAt ? await api.findBatchByInputFile(fileId, Date.parse(entry.createSentAt), ctx.signal) : undefined;
  if (existing) ctx.log?.(`Batch ${existing.id} of ${entry.name} was found at the provider and is used.`);
  if (!existing) await ctx.ledger.update(entry.name, { createSentAt: new Date().toISOString() });
  const batch = existing ?? (await api.createBatch(fileId, ctx.batch.completionWindow, { datagenflow_job: String(ctx.jobId), datagenflow_file: entry.name }, ctx.signal));
  await ctx.ledger.update(entry.name, { batchId: batch.id, status: batch.status, counts: batch.counts });
}

async function collect(ctx: StageContext, api: BatchApi, entry: BatchFileEntry, batch: Awaited<ReturnType<BatchApi['retrieveBatch']>>): Promise<void> {
  const path = join(ctx.ledger.dir, entry.name);
  const ids = await inputIds(fileLines(path));
  const sources = [batch.outputFileId, batch.errorFileId].filter((id): id is string => id !== undefined).map((id) => api.fileLines(id, ctx.signal));
  const config = resolveChatModel(ctx.models, entry.model);
  const results = await readResults(batch, ids, sources, { baseUrl: config.baseUrl, model: config.model, configName: config.name });
  if (results.malformed > 0) ctx.log?.(`Batch ${batch.id}: ${results.malformed} result line(s) could not be read; their requests go out again.`);
  // Only the requests without an answer yet: a result read twice (crash before `collected`) adds no attempt.
  await ctx.ledger.append(results.entries.filter((e) => !ctx.ledger.request(e.id)?.answer));
  await ctx.ledger.update(entry.name, { status: batch.status, counts: batch.counts, collected: true });
  await rm(path, { force: true });
}

/** The job's batch side now: the latest stage's batches, their statuses and request counts. */
export function batchProgress(ledger: BatchLedger, phase: BatchProgress['phase']): BatchProgress {
  const stage = ledger.files.reduce((max, f) => Math.max(max, f.stage), 0);
  const files = ledger.files.filter((f) => f.stage === stage);
  const statuses: BatchProgress['statuses'] = {};
  let completed = 0;
  let failed = 0;
  for (const f of files) {
    if (f.status) statuses[f.status] = (statuses[f.status] ?? 0) + 1;
    completed += f.counts?.completed ?? 0;
    failed += f.counts?.failed ?? 0;
  }
  return { stage, phase, batches: files.length, statuses, requests: files.reduce((n, f) => n + f.requests, 0), completed, failed };
}
