import { randomBytes } from 'node:crypto';
import type { JobEndContext, JobRecordView, NormalBlockDefinition } from './blockTypes';
import { LangfuseClient, readLangfuseCredentials } from './langfuseClient';

/*
 * The reference uploads from the unit of the last seed (`current_seed == total_seeds`). Here units run concurrently
 * and a resumed job runs only the missing ones, so "the last unit" is not a moment any unit can see: `execute`
 * only reports what will happen, and the upload runs in `onJobEnd`, once every unit of the job is stored.
 *
 * Idempotence: the job's metadata holds `langfuse` (LangfuseUploadState). Item ids are `dgf-<itemKey>-<record id>`,
 * with a random itemKey stored before the first item is sent, so a retried or repeated upload upserts the same
 * items (Langfuse upserts items on their id) instead of duplicating them. Once an upload succeeded (`uploaded`),
 * a later call (after a resume) sends only records newer than `lastRecordId`: record ids only grow, and resumed or
 * retried units get new ones.
 */

const OUTPUT_KEY = 'langfuse_upload_status';
const NO_KEYS = 'no Langfuse keys (set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY)';
/** Items in flight at once: fast enough for thousands of records, gentle on Langfuse's rate limits. */
const LANGFUSE_UPLOAD_CONCURRENCY = 4;
/** A job that ran to its end or to a constraint holds a dataset worth uploading; failed or cancelled ones do not. */
const UPLOADED_WHEN: ReadonlySet<JobEndContext['status']> = new Set(['completed', 'stopped']);

/** What the job's metadata says under `langfuse`. `status` is the outcome of the latest attempt. */
export interface LangfuseUploadState {
  status: 'uploading' | 'uploaded' | 'skipped' | 'failed';
  /** Every succeeded record up to `lastRecordId` is in the dataset. */
  uploaded: boolean;
  dataset: string;
  itemKey?: string;
  /** Items uploaded into the dataset so far. */
  items?: number;
  lastRecordId?: number;
  host?: string;
  reason?: string;
  error?: string | null;
}

/** `<pipeline name, lower case, spaces as underscores>_job_<id>`, as the reference names datasets. */
export function defaultDatasetName(pipelineName: string, jobId: string): string {
  const base = pipelineName.trim().toLowerCase().replace(/\s+/g, '_') || 'pipeline';
  return `${base}_job_${jobId}`;
}

function datasetName(config: Readonly<Record<string, unknown>>, pipelineName: string, jobId: string): string {
  const configured = typeof config.dataset_name === 'string' ? config.dataset_name.trim() : '';
  return configured || defaultDatasetName(pipelineName, jobId);
}

export const langfuseDataset: NormalBlockDefinition = {
  type: 'LangfuseDatasetBlock',
  name: 'Langfuse Dataset Upload',
  description: "Upload the job's records to a Langfuse dataset when the job finishes (input = seed metadata, expected output = the record's output).",
  category: 'integrations',
  inputs: ['*'],
  outputs: [OUTPUT_KEY],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      dataset_name: {
        type: 'string',
        default: '',
        description: 'Langfuse dataset to upload to (created if missing). Empty: <pipeline_name>_job_<job id>.',
      },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields() {
    return [];
  },
  async execute(ctx) {
    if (ctx.jobId === '' || ctx.jobId === '0') return status('skipped: not running in a job, so there is nothing to upload');
    if (!(await readLangfuseCredentials(ctx.secrets))) return status(`skipped: ${NO_KEYS}`);
    return status(`queued: uploaded to Langfuse dataset '${datasetName(ctx.config, ctx.pipelineName, ctx.jobId)}' when the job finishes`);
  },
  onJobEnd: uploadJob,
};

function status(text: string): { output: Record<string, unknown> } {
  return { output: { [OUTPUT_KEY]: text } };
}

async function uploadJob(ctx: JobEndContext): Promise<void> {
  const dataset = datasetName(ctx.config, ctx.pipelineName, ctx.jobId);
  const previous = readState(ctx.jobMetadata.langfuse);
  // A different dataset (config changed) starts over: item ids cannot be reused across datasets.
  const same = previous?.dataset === dataset ? previous : undefined;
  const base: LangfuseUploadState = same ?? { status: 'skipped', uploaded: false, dataset };
  const save = (patch: Partial<LangfuseUploadState>) => ctx.setJobMetadata({ langfuse: { ...base, ...patch, dataset } });

  if (!UPLOADED_WHEN.has(ctx.status)) {
    await save({ status: 'skipped', reason: `the job ${ctx.status === 'failed' ? 'failed' : 'was cancelled'}; resume it to upload` });
    ctx.log(`Langfuse: job ${ctx.jobId} ${ctx.status}, nothing uploaded to dataset '${dataset}'.`);
    return;
  }
  const credentials = await readLangfuseCredentials(ctx.secrets);
  if (!credentials) {
    await save({ status: 'skipped', reason: NO_KEYS });
    ctx.log(`Langfuse: upload of job ${ctx.jobId} skipped: ${NO_KEYS}.`);
    return;
  }

  const since = same?.uploaded ? (same.lastRecordId ?? 0) : 0;
  const itemKey = same?.itemKey ?? randomBytes(8).toString('hex');
  const client = new LangfuseClient(credentials, { signal: ctx.signal });
  // Started by the first record to send: a job with nothing new sends nothing and writes nothing.
  let started: Promise<void> | undefined;
  const start = () =>
    (started ??= (async () => {
      // The item key is durable before any item carries it, so a crash mid-upload re-sends the same ids.
      await save({ status: 'uploading', itemKey, error: null });
      await client.createDataset(dataset, `DataGenFlow records of job ${ctx.jobId} of pipeline '${ctx.pipelineName}'`, {
        source: 'datagenflow',
        pipeline: ctx.pipelineName,
        job_id: ctx.jobId,
      });
    })());

  let count = 0;
  let lastRecordId = since;
  try {
    await forEachConcurrently(newSucceeded(ctx.records(), since), LANGFUSE_UPLOAD_CONCURRENCY, async (record) => {
      await start();
      await client.upsertDatasetItem({
        datasetName: dataset,
        id: `dgf-${itemKey}-${record.id}`,
        input: record.metadata,
        expectedOutput: expectedOutput(record),
        metadata: { record_id: record.id, status: record.status, trace: record.trace },
      });
      count++;
      lastRecordId = Math.max(lastRecordId, recordNumber(record));
    });
  } catch (e) {
    await save({ status: 'failed', itemKey, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }

  if (count === 0) {
    if (same?.uploaded) return;
    await save({ status: 'skipped', reason: 'the job has no succeeded records' });
    ctx.log(`Langfuse: job ${ctx.jobId} has no succeeded records; nothing uploaded.`);
    return;
  }
  const items = (since > 0 ? (same?.items ?? 0) : 0) + count;
  await save({ status: 'uploaded', uploaded: true, itemKey, items, lastRecordId, host: client.host, error: null });
  ctx.log(`Langfuse: uploaded ${count} record(s) of job ${ctx.jobId} to dataset '${dataset}' at ${client.host}.`);
}

/** Records to send: succeeded executions (any review status) newer than `since`. */
async function* newSucceeded(records: AsyncIterable<JobRecordView>, since: number): AsyncGenerator<JobRecordView> {
  for await (const record of records) {
    if (record.status === 'failed' || record.output === null) continue;
    if (recordNumber(record) > since) yield record;
  }
}

/** Record ids from the store are numbers; an id of another shape is always sent (upserts make that safe). */
function recordNumber(record: JobRecordView): number {
  const n = Number(record.id);
  return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
}

/**
 * The record's output, as the original uploads it (`expected_output=record.output`): the record's final state,
 * seed fields included, so an item is never `{}` (dropping every key the seed also has emptied the items of
 * pipelines whose blocks write fields the seed already carries, e.g. a FieldMapper or an evaluation seed). Internal
 * `_` keys stay out, as in every export, and so does this block's own status line, which says nothing about the data.
 */
export function expectedOutput(record: Pick<JobRecordView, 'output' | 'metadata'>): Record<string, unknown> {
  const state = record.output ?? record.metadata;
  return Object.fromEntries(Object.entries(state).filter(([key]) => !key.startsWith('_') && key !== OUTPUT_KEY));
}

function readState(value: unknown): LangfuseUploadState | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const state = value as Partial<LangfuseUploadState>;
  return typeof state.dataset === 'string' ? (state as LangfuseUploadState) : undefined;
}

/**
 * Runs `fn` on each item with at most `limit` at once, pulling items only as workers free up (the stream is never
 * read ahead). After the first failure no new item starts; that failure is thrown once the others have settled.
 */
async function forEachConcurrently<T>(items: AsyncIterable<T>, limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure) {
      const next = await iterator.next();
      if (next.done) return;
      try {
        await fn(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  } finally {
    await iterator.return?.();
  }
  if (failure) throw failure.error;
}
