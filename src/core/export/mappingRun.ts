import type { JsonObject, RecordSummary } from '../store/storeTypes';
import { TableTypes } from './columnTypes';
import type { DatasetExportOptions } from './exportDataset';
import { exportRecords, type ExportStore, type RecordScope } from './exportRecords';
import type { RecordMapper } from './recordMapper';
import { UnmappedList } from './unmappedList';

/** One export's records and mapper, shared by the writers. */
export interface MappingRun {
  store: ExportStore;
  scope: RecordScope;
  map: RecordMapper;
  total: number;
  options: DatasetExportOptions;
}

/** Every record of the run, mapped: `row` for the ones that map, and the unmapped list filled with the others. */
export async function* mappedRows(run: MappingRun, unmapped: UnmappedList): AsyncGenerator<{ row: JsonObject; record: RecordSummary }> {
  let done = 0;
  for await (const record of exportRecords(run.store, run.scope)) {
    const mapped = run.map(record);
    if (mapped.ok) yield { row: mapped.value, record: record.summary };
    else unmapped.add(record.summary, mapped.reason);
    done++;
    if (done % 500 === 0) run.options.onProgress?.(done, run.total);
  }
  run.options.onProgress?.(done, run.total);
}

/** The column types of the run's mapped rows (a first pass for Parquet). */
export async function typeColumns(run: MappingRun, columns: readonly string[]): Promise<{ types: TableTypes; rows: number }> {
  const types = new TableTypes(columns);
  let rows = 0;
  for await (const { row } of mappedRows(run, new UnmappedList())) {
    types.add(row);
    rows++;
  }
  return { types, rows };
}

