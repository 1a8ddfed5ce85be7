import type { JsonObject } from './storeTypes';

/*
 * A record's output (its accumulated state) starts as a copy of the seed's metadata, which the record already stores
 * in its `metadata` column: stored whole, every record held its metadata twice. The `output` and `original_output`
 * columns leave out the top-level keys whose value is the metadata's value for that key (JSON-identical), and
 * readers put them back with the metadata under the stored output (the stored output's values win).
 *
 * Writing leaves keys out only when reading gives back the output exactly (values and key order: the state starts
 * from the metadata, so its keys come first, in the metadata's order). Anything else is stored whole.
 * Reading merges only when the stored output lacks a metadata key: an output always holds every metadata key (the
 * state starts from them and edits only add or replace block fields), so a row stored whole — written before this
 * change, or not reversible — is returned as it is, and decoding is idempotent.
 */

/** The output as stored: `output` without the metadata's keys it repeats, when that can be undone exactly. */
export function encodeOutput(output: JsonObject, metadata: JsonObject): JsonObject {
  const metadataKeys = Object.keys(metadata);
  if (metadataKeys.length === 0) return output;
  const entries = Object.entries(output);
  // Exact only when the output starts with every metadata key, in the metadata's order: `{ ...metadata, ...kept }`
  // then puts each key back where it was, with a JSON-identical value.
  if (entries.length < metadataKeys.length || metadataKeys.some((key, i) => entries[i][0] !== key)) return output;
  // fromEntries, not assignment: a `__proto__` key stays a plain key.
  const kept = Object.fromEntries(entries.filter(([key, value]) => !(Object.hasOwn(metadata, key) && sameJson(value, metadata[key]))));
  return Object.keys(kept).length === entries.length ? output : kept;
}

/**
 * A stored output column (JSON text or null) as the record holds it. `metadataText`: the record's metadata column,
 * parsed here on its own, so the result shares no object with the caller's metadata.
 */
export function readOutputColumn(outputText: unknown, metadataText: unknown): JsonObject | null {
  if (typeof outputText !== 'string') return null;
  const stored = JSON.parse(outputText) as JsonObject;
  return typeof metadataText === 'string' ? decodeOutput(stored, JSON.parse(metadataText) as JsonObject) : stored;
}

/** The output as the record holds it: the metadata under the stored output, unless the stored output is whole. Shares values with both. */
export function decodeOutput(stored: JsonObject, metadata: JsonObject): JsonObject {
  for (const key in metadata) {
    if (Object.hasOwn(metadata, key) && !Object.hasOwn(stored, key)) return { ...metadata, ...stored };
  }
  return stored;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
