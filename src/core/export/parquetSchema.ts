import type { FieldDefinition, SchemaDefinition } from '@dsnp/parquetjs/dist/lib/declare';
import type { ColumnType } from './columnTypes';

/**
 * The Parquet schema of typed columns: objects become groups, lists repeated fields (of groups for lists of
 * objects), so nested fields are real nested columns. Every field is optional (a record may hold null).
 */
export function parquetSchema(columns: ReadonlyMap<string, ColumnType>): SchemaDefinition {
  const schema: SchemaDefinition = {};
  for (const [name, type] of columns) schema[name] = field(type, false);
  return schema;
}

function field(type: ColumnType, repeated: boolean): FieldDefinition {
  const repetition = repeated ? { repeated: true } : { optional: true };
  switch (type.kind) {
    case 'bool':
      return { type: 'BOOLEAN', ...repetition };
    case 'int':
      return { type: 'INT64', ...repetition };
    case 'float':
      return { type: 'DOUBLE', ...repetition };
    case 'struct':
      return { ...repetition, fields: Object.fromEntries([...type.fields].map(([k, t]) => [k, field(t, false)])) };
    case 'list':
      // typeOf never nests a list directly in a list (that column is json), so the element is not a list here.
      return field(type.element, true);
    default:
      return { type: 'UTF8', ...repetition };
  }
}

/** A value as the Parquet writer takes it for `type`: JSON text for json columns, nulls left out. */
export function parquetValue(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return undefined;
  switch (type.kind) {
    case 'json':
      return JSON.stringify(value);
    case 'unknown':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'struct': {
      const out: Record<string, unknown> = {};
      const object = value as Record<string, unknown>;
      for (const [key, fieldType] of type.fields) {
        const v = parquetValue(object[key], fieldType);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => parquetValue(item, type.element));
    default:
      return value;
  }
}
