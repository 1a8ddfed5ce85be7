import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { temporaryPath } from '../store/exportJsonl';
import type { JobDetail } from '../store/storeTypes';
import { datasetCard, type CardSplit } from './datasetCard';
import type { DatasetExportResult } from './exportDataset';
import { mappedRows, typeColumns, type MappingRun } from './mappingRun';
import type { ColumnMapping } from './exportMapping';
import type { HuggingFaceOptions } from './resolveMapping';
import { openParquetSink, type RowSink } from './rowSinks';
import { SPLIT_NAMES, splitPlan, splitSizes, type SplitName } from './splitPlan';
import { UnmappedList } from './unmappedList';

/**
 * A folder the Hugging Face Hub takes as is: `data/<split>-00000-of-00001.parquet` for each split that holds
 * records (a seeded shuffle of the mapped records, each split in unit order) and `README.md`, the dataset card.
 * Built in a temporary folder beside the target, which replaces the target (empty, or an earlier export) at the end.
 */
export async function writeHuggingFaceFolder(run: MappingRun, job: JobDetail, columns: ColumnMapping, settings: HuggingFaceOptions): Promise<DatasetExportResult> {
  const { options } = run;
  const { types, rows } = await typeColumns(run, Object.keys(columns));
  const plan = splitPlan(rows, settings.splits, settings.seed);
  const sizes = splitSizes(rows, settings.splits);
  const tmp = temporaryPath(options.outPath);
  await rm(tmp, { recursive: true, force: true });
  const sinks = new Map<SplitName, RowSink>();
  const unmapped = new UnmappedList();
  const written: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  try {
    await mkdir(join(tmp, 'data'), { recursive: true });
    for (const name of SPLIT_NAMES) if (sizes[name] > 0) sinks.set(name, await openParquetSink(join(tmp, 'data', fileName(name)), types.columns, options.rowGroupSize ?? 1000));
    let k = 0;
    for await (const { row, record } of mappedRows(run, unmapped)) {
      if (k >= rows) {
        unmapped.add(record, 'it became exportable while the export ran (after the splits were drawn); export again to include it');
        continue;
      }
      const split = SPLIT_NAMES[plan[k++]];
      await sinks.get(split)?.write(row);
      written[split]++;
    }
    const splits: CardSplit[] = [];
    for (const [name, sink] of sinks) {
      await sink.commit();
      const file = `data/${fileName(name)}`;
      splits.push({ name, examples: written[name], bytes: (await stat(join(tmp, file))).size, file });
    }
    sinks.clear();
    const card = datasetCard({
      job,
      columns: types.columns,
      splits,
      license: settings.license,
      prettyName: settings.prettyName,
      seed: settings.seed,
      ratios: settings.splits,
      status: options.status,
      mapping: columns,
      exportedAt: (options.now?.() ?? new Date()).toISOString(),
    });
    await writeFile(join(tmp, 'README.md'), card, 'utf8');
    await moveInto(tmp, options.outPath);
  } catch (e) {
    for (const sink of sinks.values()) await sink.abort().catch(() => undefined);
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw e;
  }
  const count = written.train + written.validation + written.test;
  return { format: 'huggingface', path: options.outPath, count, unmapped: unmapped.items, unmappedCount: unmapped.count, splits: { ...written } };
}

/**
 * Puts the built folder at `target`. checkFormatTarget allowed only a missing or empty folder, or an earlier export
 * there: of that, only what an export writes (data/ and README.md) is replaced, so a clone of the dataset's Hub
 * repository keeps its .git and .gitattributes.
 */
async function moveInto(built: string, target: string): Promise<void> {
  const existing = await stat(target).catch(() => undefined);
  if (!existing) {
    await rename(built, target);
    return;
  }
  await rm(join(target, 'data'), { recursive: true, force: true });
  await rename(join(built, 'data'), join(target, 'data'));
  await rename(join(built, 'README.md'), join(target, 'README.md'));
  await rm(built, { recursive: true, force: true });
}

function fileName(split: SplitName): string {
  return `${split}-00000-of-00001.parquet`;
}
