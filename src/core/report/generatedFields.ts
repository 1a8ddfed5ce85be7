import type { JsonObject } from '../store/storeTypes';

/** What a record generated, read from its output: the top-level keys whose value is not the seed's value. */
export interface GeneratedFields {
  /** Top-level strings, and chat `messages` arrays as the text of their turns. */
  texts: { field: string; text: string }[];
  /** Every number under a generated key, by path (`metrics.rouge`, `items[].score`). */
  numbers: { field: string; value: number }[];
  /** Top-level objects and arrays (chat transcripts included): the JSON fields whose shape is checked. */
  json: { field: string; value: unknown }[];
  /** All generated text of the record in key order: what duplicates are looked for in. */
  allText: string;
}

const MAX_DEPTH = 6;

export function generatedFields(output: JsonObject, metadata: JsonObject): GeneratedFields {
  const texts: GeneratedFields['texts'] = [];
  const numbers: GeneratedFields['numbers'] = [];
  const json: GeneratedFields['json'] = [];
  const parts: string[] = [];
  for (const [key, value] of Object.entries(output)) {
    if (!isGenerated(key, value, metadata)) continue;
    if (typeof value === 'string') {
      texts.push({ field: key, text: value });
      parts.push(value);
    } else if (typeof value === 'number') {
      numbers.push({ field: key, value });
    } else if (value !== null && typeof value === 'object') {
      json.push({ field: key, value });
      const turns = chatTurns(value);
      if (turns !== undefined) texts.push({ field: key, text: turns });
      collectLeaves(value, key, 0, numbers, parts);
    }
  }
  return { texts, numbers, json, allText: parts.join('\n') };
}

/** The top-level keys of `output` that the record generated (see GeneratedFields). */
export function generatedKeys(output: JsonObject, metadata: JsonObject): string[] {
  return Object.keys(output).filter((key) => isGenerated(key, output[key], metadata));
}

/** Not internal (`_…`) and not the seed's own value carried through. */
function isGenerated(key: string, value: unknown, metadata: JsonObject): boolean {
  return !key.startsWith('_') && !(Object.hasOwn(metadata, key) && sameValue(value, metadata[key]));
}

/** The seed's own text: its string values, in key order. */
export function seedText(metadata: JsonObject): string {
  const parts: string[] = [];
  for (const value of Object.values(metadata)) {
    if (typeof value === 'string') parts.push(value);
    else if (value !== null && typeof value === 'object') collectLeaves(value, '', 0, [], parts);
  }
  return parts.join('\n');
}

/** `[{role, content}, …]` as its contents one per line; undefined for anything else. */
export function chatTurns(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const contents: string[] = [];
  for (const turn of value) {
    if (typeof turn !== 'object' || turn === null || typeof (turn as JsonObject).role !== 'string' || typeof (turn as JsonObject).content !== 'string') return undefined;
    contents.push((turn as JsonObject).content as string);
  }
  return contents.join('\n');
}

function collectLeaves(value: unknown, path: string, depth: number, numbers: GeneratedFields['numbers'], strings: string[]): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === 'string') strings.push(value);
  else if (typeof value === 'number') {
    if (path !== '') numbers.push({ field: path, value });
  } else if (Array.isArray(value)) {
    for (const item of value) collectLeaves(item, `${path}[]`, depth + 1, numbers, strings);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectLeaves(v, path === '' ? '' : `${path}.${k}`, depth + 1, numbers, strings);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
