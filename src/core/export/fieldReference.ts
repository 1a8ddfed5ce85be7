import { readFieldPath } from '../blocks/fieldPath';
import type { JsonObject, RecordSummary } from '../store/storeTypes';

/** What a field reference reads: a record's summary, and its output as generated when a reference asks for it. */
export interface MappableRecord {
  summary: RecordSummary;
  /** The output before review edits (null when never edited: then the output is the original). */
  original?: JsonObject | null;
}

const RECORD_FIELDS: Record<string, (r: RecordSummary) => unknown> = {
  $id: (r) => r.id,
  $status: (r) => r.status,
  $seed_index: (r) => r.seedIndex,
  $unit_key: (r) => r.unitKey,
  $edited: (r) => r.edited,
};

/** Whether a reference reads the output as generated (then the exporter loads it for each record). */
export function readsOriginal(reference: string): boolean {
  return reference === '$original' || reference.startsWith('$original.');
}

/** Why a reference is not one (an unknown `$` root), or undefined when it is. */
export function referenceProblem(reference: string): string | undefined {
  if (reference.trim() === '') return 'is empty';
  if (!reference.startsWith('$')) return undefined;
  if (Object.hasOwn(RECORD_FIELDS, reference)) return undefined;
  if (/^\$(metadata|original)(\.|\[|$)/.test(reference)) return undefined;
  return `starts with an unknown root (use a field of the record, or $metadata.…, $original.…, ${Object.keys(RECORD_FIELDS).join(', ')})`;
}

/** The value a reference names in a record; undefined when it is absent. */
export function readReference(record: MappableRecord, reference: string): unknown {
  const { summary } = record;
  if (Object.hasOwn(RECORD_FIELDS, reference)) return RECORD_FIELDS[reference](summary);
  const root = /^\$(metadata|original)(?:\.?)(.*)$/s.exec(reference);
  if (root) {
    const base = root[1] === 'metadata' ? summary.metadata : (record.original ?? summary.output);
    if (base === null || base === undefined) return undefined;
    return root[2] === '' ? base : readFieldPath(base, root[2]);
  }
  return summary.output === null ? undefined : readFieldPath(summary.output, reference);
}
