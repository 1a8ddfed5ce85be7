import type { ColumnType } from './columnTypes';

/** A feature of a dataset card's `dataset_info.features`, as the Hugging Face `datasets` library writes them. */
export type CardFeature = { name: string; dtype: string } | { name: string; struct: CardFeature[] } | { name: string; sequence: string } | { name: string; list: CardFeature[] };

export function huggingFaceFeatures(columns: ReadonlyMap<string, ColumnType>): CardFeature[] {
  return [...columns].map(([name, type]) => feature(name, type));
}

function feature(name: string, type: ColumnType): CardFeature {
  if (type.kind === 'struct') return { name, struct: [...type.fields].map(([k, t]) => feature(k, t)) };
  if (type.kind === 'list') {
    if (type.element.kind === 'struct') return { name, list: [...type.element.fields].map(([k, t]) => feature(k, t)) };
    return { name, sequence: dtype(type.element) };
  }
  return { name, dtype: dtype(type) };
}

function dtype(type: ColumnType): string {
  switch (type.kind) {
    case 'bool':
      return 'bool';
    case 'int':
      return 'int64';
    case 'float':
      return 'float64';
    default:
      return 'string';
  }
}
