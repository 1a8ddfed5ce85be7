import { stringify } from 'csv-stringify/sync';
import { StoreNotFoundError } from '../store/storeErrors';
import type { RecordStatus } from '../store/storeTypes';
import type { MappedFormat } from './exportFormats';
import { exportRecords, firstOutput, type ExportStore } from './exportRecords';
import { readsOriginal } from './fieldReference';
import { mappingReferences, recordMapper, type ResolvedMapping } from './recordMapper';
import { resolveMapping } from './resolveMapping';
import { csvLine } from './rowSinks';
import { UnmappedList, type UnmappedRecord } from './unmappedList';

export interface ExportPreview {
  /** The mapping in effect, defaults filled in (what the form shows). */
  mapping: ResolvedMapping;
  /** The first output lines (CSV: the header, then rows; Parquet and Hugging Face: each row as JSON). */
  lines: string[];
  /** Records among those looked at that could not be mapped. */
  unmapped: UnmappedRecord[];
}

/** Records looked at, at most, to find the preview's lines. */
const PREVIEW_SCAN = 50;

/** The first `count` output lines of exporting the job in `format` with `mappings` (the pipeline's `exports`). */
export async function exportPreview(store: ExportStore, options: { jobId: number; format: MappedFormat; status?: RecordStatus; mappings: unknown; count?: number }): Promise<ExportPreview> {
  const job = store.getJob(options.jobId);
  if (!job) throw new StoreNotFoundError('job', options.jobId);
  const count = options.count ?? 3;
  const scope = { jobId: options.jobId, status: options.status, batchSize: PREVIEW_SCAN };
  const mapping = resolveMapping(options.format, options.mappings, await firstOutput(store, scope));
  const map = recordMapper(mapping);
  const lines: string[] = [];
  const unmapped = new UnmappedList();
  const columns = 'columns' in mapping ? Object.keys(mapping.columns) : [];
  if (options.format === 'csv') lines.push(stringify([columns]).trimEnd());
  const withOriginal = mappingReferences(mapping).some(readsOriginal);
  let scanned = 0;
  for await (const record of exportRecords(store, { ...scope, withOriginal })) {
    const mapped = map(record);
    if (mapped.ok) lines.push(options.format === 'csv' ? csvLine(columns, mapped.value).trimEnd() : JSON.stringify(mapped.value));
    else unmapped.add(record.summary, mapped.reason);
    if (lines.length >= count + (options.format === 'csv' ? 1 : 0) || ++scanned >= PREVIEW_SCAN) break;
  }
  return { mapping, lines, unmapped: unmapped.items };
}
