import { isJsonObject } from '../json/jsonPath';

/**
 * The type of a table column, merged over every record (so a column is typed by all its values, not by the first).
 * Values that do not fit one Parquet type (text in one record, a number in another; lists of lists; null list
 * items) make the column `json`: written as JSON text, nothing lost.
 */
export type ColumnType =
  | { kind: 'unknown' }
  | { kind: 'string' }
  | { kind: 'bool' }
  | { kind: 'int' }
  | { kind: 'float' }
  | { kind: 'json' }
  | { kind: 'struct'; fields: Map<string, ColumnType> }
  | { kind: 'list'; element: ColumnType };

export const UNKNOWN: ColumnType = { kind: 'unknown' };
const JSON_TYPE: ColumnType = { kind: 'json' };

/** `type` widened to hold `value` too. null and undefined say nothing about the type (columns are optional). */
export function mergeType(type: ColumnType, value: unknown): ColumnType {
  if (value === null || value === undefined || type.kind === 'json') return type;
  return unify(type, typeOf(value));
}

function typeOf(value: unknown): ColumnType {
  if (typeof value === 'string') return { kind: 'string' };
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { kind: 'int' } : { kind: 'float' };
  if (Array.isArray(value)) {
    let element: ColumnType = UNKNOWN;
    for (const item of value) {
      // A repeated Parquet field holds no null item and no directly nested list.
      if (item === null || item === undefined || Array.isArray(item)) return JSON_TYPE;
      element = mergeType(element, item);
    }
    return element.kind === 'json' ? JSON_TYPE : { kind: 'list', element };
  }
  if (isJsonObject(value)) {
    const fields = new Map<string, ColumnType>();
    for (const [key, field] of Object.entries(value)) fields.set(key, mergeType(UNKNOWN, field));
    return fields.size === 0 ? JSON_TYPE : { kind: 'struct', fields };
  }
  return JSON_TYPE;
}

function unify(a: ColumnType, b: ColumnType): ColumnType {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (a.kind === 'json' || b.kind === 'json') return JSON_TYPE;
  if ((a.kind === 'int' && b.kind === 'float') || (a.kind === 'float' && b.kind === 'int')) return { kind: 'float' };
  if (a.kind === 'list' && b.kind === 'list') {
    const element = unify(a.element, b.element);
    return element.kind === 'json' ? JSON_TYPE : { kind: 'list', element };
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    const fields = new Map(a.fields);
    for (const [key, type] of b.fields) fields.set(key, unify(fields.get(key) ?? UNKNOWN, type));
    return { kind: 'struct', fields };
  }
  return a.kind === b.kind ? a : JSON_TYPE;
}

/** The column types of a table, merged row by row. */
export class TableTypes {
  readonly columns = new Map<string, ColumnType>();

  constructor(names: readonly string[]) {
    for (const name of names) this.columns.set(name, UNKNOWN);
  }

  add(row: Record<string, unknown>): void {
    for (const [name, type] of this.columns) this.columns.set(name, mergeType(type, row[name]));
  }
}
