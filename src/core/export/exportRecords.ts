import { CancelledError } from '../errors';
import type { JobDetail, JsonObject, PageQuery, RecordDetail, RecordStatus, RecordSummary, StatusCounts } from '../store/storeTypes';
import type { MappableRecord } from './fieldReference';

/** What an export reads from the store (its public API; WorkspaceStore fits). */
export interface ExportStore {
  getJob(id: number): JobDetail | undefined;
  statusCounts(jobId: number): StatusCounts;
  pageRecords(jobId: number, query: PageQuery): RecordSummary[];
  getRecord(id: number): RecordDetail | undefined;
}

export interface RecordScope {
  jobId: number;
  /** Absent: every record except failed executions (they have no output), as the JSONL export does. */
  status?: RecordStatus;
  /** Load each edited record's output as generated (for `$original.` references). */
  withOriginal?: boolean;
  batchSize?: number;
  signal?: AbortSignal;
}

/**
 * A job's records in unit order (seed, then repetition or chunk), read in keyset pages through the store, so memory
 * holds one page whatever the job's size.
 */
export async function* exportRecords(store: ExportStore, scope: RecordScope): AsyncGenerator<MappableRecord> {
  const limit = Math.max(1, Math.min(1000, Math.trunc(scope.batchSize ?? 500)));
  let after: number | undefined;
  for (;;) {
    if (scope.signal?.aborted) throw new CancelledError(`Export of job ${scope.jobId} cancelled`);
    const page = store.pageRecords(scope.jobId, { order: 'unit', offset: 0, limit, ...(scope.status ? { status: scope.status } : {}), ...(after !== undefined ? { after } : {}) });
    for (const summary of page) {
      if (scope.status === undefined && summary.status === 'failed') continue;
      // Only an edited record has an original apart from its output (readReference falls back to the output).
      yield scope.withOriginal && summary.edited ? { summary, original: store.getRecord(summary.id)?.originalOutput ?? null } : { summary };
    }
    if (page.length < limit) return;
    after = page[page.length - 1].id;
    // Let other work (the UI, a cancellation) run between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The accumulated state of the scope's first record: the sample a mapping's missing fields are guessed from. */
export async function firstOutput(store: ExportStore, scope: RecordScope): Promise<JsonObject | null> {
  for await (const record of exportRecords(store, { ...scope, withOriginal: false, batchSize: 20 })) return record.summary.output;
  return null;
}

/** How many records the scope holds (for progress and the split plan). */
export function scopeCount(store: ExportStore, scope: RecordScope): number {
  const counts = store.statusCounts(scope.jobId);
  return scope.status ? counts[scope.status] : counts.total - counts.failed;
}
