import type { Database } from 'sql.js';
import { exportFailure, exportJsonl } from '../store/exportJsonl';
import type { ExportOverwrite } from '../store/exportTarget';
import type { PayloadStore } from '../store/payload/payloadStore';
import { StoreNotFoundError } from '../store/storeErrors';
import type { RecordStatus } from '../store/storeTypes';
import type { ExportFormat, MappedFormat } from './exportFormats';
import { readsOriginal } from './fieldReference';
import { checkFormatTarget } from './formatTarget';
import { writeHuggingFaceFolder } from './huggingFaceFolder';
import { firstOutput, scopeCount, type ExportStore, type RecordScope } from './exportRecords';
import { mappedRows, typeColumns, type MappingRun } from './mappingRun';
import { mappingReferences, recordMapper, type ResolvedMapping } from './recordMapper';
import { huggingFaceOptions, resolveMapping } from './resolveMapping';
import { openCsvSink, openJsonLinesSink, openParquetSink, type RowSink } from './rowSinks';
import { UnmappedList, type UnmappedRecord } from './unmappedList';

/** The store an export reads: its public API, and the database with its payload segments for the JSONL export. */
export type DatasetStore = ExportStore & { readonly db: Database; readonly payloads?: PayloadStore };

export interface DatasetExportOptions {
  jobId: number;
  format: ExportFormat;
  /** Absent: every record except failed executions. */
  status?: RecordStatus;
  /** A file, or a folder for `huggingface`. */
  outPath: string;
  /** The pipeline's `exports` value; absent: the one in the job's pipeline snapshot. */
  mappings?: unknown;
  databases?: readonly string[];
  overwrite?: ExportOverwrite;
  signal?: AbortSignal;
  /** Records looked at so far, and the total when known. */
  onProgress?: (done: number, total: number) => void;
  /** Parquet rows per row group (bounds memory); default 1000. */
  rowGroupSize?: number;
  batchSize?: number;
  /** The card's export date (tests pin it). */
  now?: () => Date;
}

export interface DatasetExportResult {
  format: ExportFormat;
  path: string;
  /** Records written. */
  count: number;
  /** Records that could not be mapped, with the reason (the first UnmappedList.LIMIT of them). */
  unmapped: UnmappedRecord[];
  unmappedCount: number;
  /** Hugging Face folder: records per split. */
  splits?: Record<string, number>;
}

/**
 * Exports a job's records in `format`. Mapped formats read the records through the store's pages (bounded memory)
 * and map each one with the pipeline's mapping; a record that cannot be mapped is listed with its reason and not
 * written (never half-empty). Parquet and the Hugging Face folder read the records twice: first to type the
 * columns from every value (and count the splits), then to write. Everything is written beside the target and
 * moved into place at the end; on failure or cancellation the target is left as it was.
 */
export async function exportDataset(store: DatasetStore, options: DatasetExportOptions): Promise<DatasetExportResult> {
  const job = store.getJob(options.jobId);
  if (!job) throw new StoreNotFoundError('job', options.jobId);
  await checkFormatTarget(options.format, options.outPath, options);
  if (options.format === 'jsonl') {
    const total = scopeCount(store, { jobId: options.jobId, status: options.status });
    const result = await exportJsonl(store, { jobId: options.jobId, status: options.status, outPath: options.outPath, databases: options.databases, overwrite: 'any', signal: options.signal, onProgress: (n) => options.onProgress?.(n, total) });
    return { format: 'jsonl', path: result.path, count: result.count, unmapped: [], unmappedCount: 0 };
  }
  const format: MappedFormat = options.format;
  const scope: RecordScope = { jobId: options.jobId, status: options.status, batchSize: options.batchSize, signal: options.signal };
  const exportsValue = options.mappings !== undefined ? options.mappings : job.pipelineSnapshot.exports;
  const mapping = resolveMapping(format, exportsValue, await firstOutput(store, scope));
  scope.withOriginal = mappingReferences(mapping).some(readsOriginal);
  const run: MappingRun = { store, scope, map: recordMapper(mapping), total: scopeCount(store, scope), options };
  try {
    if (mapping.format === 'huggingface') return await writeHuggingFaceFolder(run, job, mapping.columns, huggingFaceOptions(exportsValue));
    return await writeFile(run, mapping);
  } catch (e) {
    throw exportFailure(options.jobId, options.outPath, e);
  }
}

async function writeFile(run: MappingRun, mapping: ResolvedMapping): Promise<DatasetExportResult> {
  const { options } = run;
  let sink: RowSink;
  if (mapping.format === 'csv') sink = await openCsvSink(options.outPath, Object.keys(mapping.columns));
  else if (mapping.format === 'parquet') {
    const { types } = await typeColumns(run, Object.keys(mapping.columns));
    sink = await openParquetSink(options.outPath, types.columns, options.rowGroupSize ?? 1000);
  } else sink = await openJsonLinesSink(options.outPath);
  const unmapped = new UnmappedList();
  let count = 0;
  try {
    for await (const { row } of mappedRows(run, unmapped)) {
      await sink.write(row);
      count++;
    }
    await sink.commit();
  } catch (e) {
    await sink.abort().catch(() => undefined);
    throw e;
  }
  return { format: mapping.format, path: options.outPath, count, unmapped: unmapped.items, unmappedCount: unmapped.count };
}
