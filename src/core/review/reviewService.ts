// Everything the Review panel asks, answered from the WorkspaceStore without the VS Code API: the panel's RPC
// handlers, the tests and the benchmark all drive this. Dialogs (save, confirm, diff) belong to the host adapter.
import type {
  ReviewChart,
  ReviewCounts,
  ReviewDecision,
  ReviewFieldLayout,
  ReviewFilter,
  ReviewJobOption,
  ReviewJobSummary,
  ReviewJobView,
  ReviewPage,
  ReviewPosition,
  ReviewRecord,
  ReviewRecordAt,
} from './reviewTypes';
import { DgfError } from '../errors';
import { exportJsonl, type ExportResult } from '../store/exportJsonl';
import { MAX_PAGE_SIZE } from '../store/recordQueries';
import { allRows, num, oneRow } from '../store/sqlRows';
import { StoreNotFoundError } from '../store/storeErrors';
import type { JobRow, JsonObject } from '../store/storeTypes';
import type { WorkspaceStore } from '../store/workspaceStore';
import { jobCharts, numericFields } from './reviewCharts';
import { fieldNames, jobOption, jobSummary, resolveLayout, reviewRecord, reviewRow } from './reviewViews';

/** Records read to learn a job's output fields (layout candidates, numeric fields to chart). */
const SAMPLE_SIZE = 20;

/** A request named records that are not (or no longer) part of the job it is about. */
export class ReviewTargetError extends DgfError {
  constructor(jobId: number, missing: number[]) {
    super('review-not-in-job', `Record(s) ${missing.join(', ')} are not records of job ${jobId} (deleted, or another job's): refresh the Review panel and try again.`);
  }
}

export class ReviewService {
  /** Charts are a scan of the job: kept until the job's records or their values change. */
  private readonly chartCache = new Map<number, { key: string; charts: ReviewChart[] }>();
  private edits = 0;

  constructor(private readonly storeOf: () => WorkspaceStore | Promise<WorkspaceStore>) {}

  private store(): Promise<WorkspaceStore> {
    return Promise.resolve(this.storeOf());
  }

  /** Jobs that hold records (the ones worth reviewing), newest first. */
  async jobs(): Promise<ReviewJobOption[]> {
    return (await this.store()).listJobs().filter((j) => j.generated + j.failed > 0 || j.status === 'running').map(jobOption);
  }

  async openJob(jobId: number): Promise<ReviewJobView> {
    const store = await this.store();
    const job = requireJob(store, jobId);
    const fields = fieldNames(store.pageRecords(jobId, { order: 'unit', offset: 0, limit: SAMPLE_SIZE }));
    return { job: jobSummary(job), counts: store.statusCounts(jobId), layout: resolveLayout(store.getFieldLayout(job.pipelinePath), fields), fields };
  }

  async jobSummary(jobId: number): Promise<ReviewJobSummary | null> {
    // As the Jobs view shows it: a job whose process is gone reads as interrupted, not running.
    const job = (await this.store()).jobRow(jobId);
    return job ? jobSummary(job) : null;
  }

  async counts(jobId: number): Promise<ReviewCounts> {
    const store = await this.store();
    requireJob(store, jobId);
    return store.statusCounts(jobId);
  }

  async page(position: ReviewPosition, limit: number): Promise<ReviewPage> {
    const store = await this.store();
    requireJob(store, position.jobId);
    const total = countIn(store, position.jobId, position.status);
    const size = Math.min(Math.max(1, limit), MAX_PAGE_SIZE);
    const offset = clampPageOffset(position.offset, total, size);
    const rows = store.pageRecords(position.jobId, { status: position.status, order: 'unit', offset, limit: size }).map(reviewRow);
    return { rows, offset, total };
  }

  /** The record at the position, clamped into the filter (the last one when past the end). */
  async recordAt(position: ReviewPosition): Promise<ReviewRecordAt> {
    const store = await this.store();
    requireJob(store, position.jobId);
    return recordAtIn(store, position, countIn(store, position.jobId, position.status));
  }

  async record(jobId: number, recordId: number): Promise<ReviewRecord> {
    const store = await this.store();
    await this.requireRecords(store, jobId, [recordId]);
    const detail = store.getRecord(recordId);
    if (!detail) throw new StoreNotFoundError('record', recordId);
    return reviewRecord(detail);
  }

  async setStatus(jobId: number, ids: readonly number[], status: ReviewDecision, then?: ReviewPosition): Promise<{ changed: number; counts: ReviewCounts; next?: ReviewRecordAt }> {
    const store = await this.store();
    await this.requireRecords(store, jobId, ids);
    const changed = changingCount(store, ids, status);
    await store.setStatus(ids, status);
    const counts = store.statusCounts(jobId);
    return { changed, counts, ...(then ? { next: recordAtIn(store, then, then.jobId === jobId ? counts[then.status] : countIn(store, then.jobId, then.status)) } : {}) };
  }

  async edit(jobId: number, recordId: number, fields: JsonObject): Promise<{ record: ReviewRecord; counts: ReviewCounts }> {
    const store = await this.store();
    await this.requireRecords(store, jobId, [recordId]);
    await store.editRecord(recordId, fields);
    this.edits++;
    return { record: await this.record(jobId, recordId), counts: store.statusCounts(jobId) };
  }

  async undo(jobId: number): Promise<{ undone: { kind: 'status' | 'edit'; recordIds: number[] } | null; counts: ReviewCounts }> {
    const store = await this.store();
    requireJob(store, jobId);
    const undone = await store.undoLastAction(jobId);
    if (undone?.kind === 'edit') this.edits++;
    return { undone: undone ? { kind: undone.kind, recordIds: undone.recordIds } : null, counts: store.statusCounts(jobId) };
  }

  async charts(jobId: number): Promise<ReviewChart[]> {
    const store = await this.store();
    const job = requireJob(store, jobId);
    const key = `${job.generated}:${job.status}:${this.edits}`;
    const cached = this.chartCache.get(jobId);
    if (cached?.key === key) return cached.charts;
    const sample = store.pageRecords(jobId, { order: 'unit', offset: 0, limit: SAMPLE_SIZE });
    const charts = await jobCharts(() => store.db, jobId, numericFields(sample), store.payloads);
    this.chartCache.set(jobId, { key, charts });
    return charts;
  }

  async setLayout(jobId: number, layout: ReviewFieldLayout): Promise<ReviewFieldLayout> {
    const store = await this.store();
    const job = requireJob(store, jobId);
    await store.setFieldLayout(job.pipelinePath, layout);
    return (await this.openJob(jobId)).layout;
  }

  /** The job's records of one status as JSONL at `outPath` (failed: the failed executions with their errors). */
  async exportTo(jobId: number, status: ReviewFilter, outPath: string, signal?: AbortSignal): Promise<ExportResult> {
    return exportJsonl(await this.store(), { jobId, status, outPath, ...(signal ? { signal } : {}) });
  }

  async deleteJob(jobId: number): Promise<{ records: number }> {
    const store = await this.store();
    const deleted = await store.deleteJob(jobId);
    this.chartCache.delete(jobId);
    return deleted;
  }

  /** The two sides of "Compare with original": the block outputs as generated and as edited, as JSON text. */
  async diffTexts(recordId: number): Promise<{ jobId: number; original: string; edited: string }> {
    const store = await this.store();
    const detail = store.getRecord(recordId);
    if (!detail) throw new StoreNotFoundError('record', recordId);
    const record = reviewRecord(detail);
    return { jobId: record.jobId, original: `${JSON.stringify(record.originalFields ?? record.fields, null, 2)}\n`, edited: `${JSON.stringify(record.fields, null, 2)}\n` };
  }

  private async requireRecords(store: WorkspaceStore, jobId: number, ids: readonly number[]): Promise<void> {
    requireJob(store, jobId);
    const wanted = [...new Set(ids)];
    const found = new Set<number>();
    for (let i = 0; i < wanted.length; i += 500) {
      const chunk = wanted.slice(i, i + 500);
      for (const row of allRows(store.db, `SELECT id FROM records WHERE job_id = ? AND id IN (${chunk.map(() => '?').join(',')})`, [jobId, ...chunk])) found.add(num(row.id));
    }
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length) throw new ReviewTargetError(jobId, missing);
  }
}

function requireJob(store: WorkspaceStore, jobId: number): JobRow {
  const job = store.jobRow(jobId);
  if (!job) throw new StoreNotFoundError('job', jobId);
  return job;
}

/** Records of the job in one status (an index range count: no record rows are read). */
function countIn(store: WorkspaceStore, jobId: number, status: ReviewFilter): number {
  return num(oneRow(store.db, 'SELECT COUNT(*) AS n FROM records WHERE job_id = ? AND status = ?', [jobId, status])?.n);
}

/** How many of `ids` a status change would change (failed executions never change). */
function changingCount(store: WorkspaceStore, ids: readonly number[], status: ReviewDecision): number {
  let n = 0;
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    n += num(oneRow(store.db, `SELECT COUNT(*) AS n FROM records WHERE id IN (${chunk.map(() => '?').join(',')}) AND status NOT IN (?, 'failed')`, [...chunk, status])?.n);
  }
  return n;
}

function recordAtIn(store: WorkspaceStore, position: ReviewPosition, total: number): ReviewRecordAt {
  if (total === 0) return { record: null, offset: 0, total };
  const offset = Math.min(Math.max(0, position.offset), total - 1);
  const [summary] = store.pageRecords(position.jobId, { status: position.status, order: 'unit', offset, limit: 1 });
  const detail = summary && store.getRecord(summary.id);
  return { record: detail ? reviewRecord(detail) : null, offset, total };
}

function clampPageOffset(offset: number, total: number, size: number): number {
  if (total === 0) return 0;
  const last = Math.floor((total - 1) / size) * size;
  return Math.min(Math.max(0, Math.floor(offset / size) * size), last);
}
