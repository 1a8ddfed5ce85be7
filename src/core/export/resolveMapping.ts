import { isJsonObject } from '../json/jsonPath';
import type { JsonObject } from '../store/storeTypes';
import { ExportMappingError } from './exportErrors';
import type { MappedFormat } from './exportFormats';
import { DEFAULT_SPLIT_SEED, DEFAULT_SPLITS, type AlpacaMapping, type ChatMapping, type ColumnMapping, type HuggingFaceMapping, type SplitRatios } from './exportMapping';
import { referenceProblem } from './fieldReference';
import type { ResolvedMapping } from './recordMapper';

const USER_NAMES = ['user', 'question', 'instruction', 'prompt', 'input', 'query'];
const ASSISTANT_NAMES = ['assistant', 'answer', 'response', 'output', 'completion'];
const INPUT_NAMES = ['input', 'context'];

/**
 * The mapping to export `format` with: the pipeline's `exports[format]` (checked), its missing fields guessed from
 * `sample` (the first record's accumulated state): a `messages` list for the chat formats, usual names
 * (question/answer, instruction/output, …) otherwise, every field of the state for tables.
 */
export function resolveMapping(format: MappedFormat, exportsValue: unknown, sample: JsonObject | null): ResolvedMapping {
  const given = mappingEntry(exportsValue, format);
  const state = sample ?? {};
  switch (format) {
    case 'openai_chat':
    case 'sharegpt':
      return { format, chat: chatMapping(format, given, state) };
    case 'alpaca':
      return { format, alpaca: alpacaMapping(given, state) };
    default:
      return { format, columns: columnMapping(format, given, state) };
  }
}

export interface HuggingFaceOptions {
  splits: SplitRatios;
  seed: number;
  license: string;
  prettyName?: string;
}

/** The Hugging Face folder's options (splits, seed, license, name) from `exports.huggingface`. */
export function huggingFaceOptions(exportsValue: unknown): HuggingFaceOptions {
  const given = mappingEntry(exportsValue, 'huggingface') as HuggingFaceMapping;
  const splits = { ...DEFAULT_SPLITS };
  if (given.splits !== undefined) {
    if (!isJsonObject(given.splits)) throw bad('huggingface', 'splits', 'must be an object such as {"train": 0.8, "validation": 0.1, "test": 0.1}');
    for (const [name, ratio] of Object.entries(given.splits)) {
      if (!(name in DEFAULT_SPLITS)) throw bad('huggingface', `splits.${name}`, 'is not a split (train, validation, test)');
      if (typeof ratio !== 'number' || !(ratio >= 0)) throw bad('huggingface', `splits.${name}`, 'must be a number ≥ 0');
      splits[name as keyof SplitRatios] = ratio;
    }
    if (splits.train + splits.validation + splits.test <= 0) throw bad('huggingface', 'splits', 'must not all be 0');
  }
  const seed = given.seed ?? DEFAULT_SPLIT_SEED;
  if (!Number.isInteger(seed)) throw bad('huggingface', 'seed', 'must be an integer');
  const license = given.license ?? 'unknown';
  if (typeof license !== 'string' || !/^[\w.+-]+$/.test(license)) throw bad('huggingface', 'license', 'must be a license id such as cc-by-4.0, apache-2.0, mit or other');
  if (given.pretty_name !== undefined && typeof given.pretty_name !== 'string') throw bad('huggingface', 'pretty_name', 'must be text');
  return { splits, seed, license, ...(given.pretty_name ? { prettyName: given.pretty_name } : {}) };
}

function mappingEntry(exportsValue: unknown, format: MappedFormat): JsonObject {
  if (exportsValue === undefined || exportsValue === null) return {};
  if (!isJsonObject(exportsValue)) throw new ExportMappingError('The pipeline\'s "exports" must be an object with one mapping per format.');
  const entry = exportsValue[format];
  if (entry === undefined) return {};
  if (!isJsonObject(entry)) throw new ExportMappingError(`The pipeline's "exports.${format}" must be an object.`);
  return entry;
}

function chatMapping(format: MappedFormat, given: JsonObject, state: JsonObject): ChatMapping {
  const mapping: ChatMapping = {};
  for (const key of ['messages', 'user', 'assistant'] as const) if (given[key] !== undefined) mapping[key] = reference(format, given, key);
  if (given.system !== undefined) {
    if (typeof given.system !== 'string') throw bad(format, 'system', 'must be the text of the system message');
    mapping.system = given.system;
  }
  if (mapping.messages === undefined && (mapping.user === undefined || mapping.assistant === undefined)) {
    const messages = Object.keys(state).find((k) => Array.isArray(state[k]) && (state[k] as unknown[]).some((m) => isJsonObject(m) && 'role' in m && 'content' in m));
    if (messages !== undefined && mapping.user === undefined && mapping.assistant === undefined) mapping.messages = messages;
    else {
      mapping.user ??= guess(state, USER_NAMES) ?? 'user';
      mapping.assistant ??= guess(state, ASSISTANT_NAMES) ?? 'assistant';
    }
  }
  return mapping;
}

function alpacaMapping(given: JsonObject, state: JsonObject): AlpacaMapping {
  const instruction = given.instruction !== undefined ? reference('alpaca', given, 'instruction') : (guess(state, ['instruction', 'question', 'prompt', 'query']) ?? 'instruction');
  const output = given.output !== undefined ? reference('alpaca', given, 'output') : (guess(state, ['output', 'answer', 'response', 'completion']) ?? 'output');
  const input = given.input !== undefined ? (given.input === '' ? '' : reference('alpaca', given, 'input')) : guess(state, INPUT_NAMES);
  return { instruction, output, ...(input !== undefined ? { input } : {}) };
}

function columnMapping(format: MappedFormat, given: JsonObject, state: JsonObject): ColumnMapping {
  if (given.columns === undefined) return Object.fromEntries(Object.keys(state).map((k) => [k, k]));
  if (!isJsonObject(given.columns)) throw bad(format, 'columns', 'must be an object: column name → field');
  const columns: ColumnMapping = {};
  for (const name of Object.keys(given.columns)) {
    if (name.trim() === '') throw bad(format, 'columns', 'has an empty column name');
    columns[name] = reference(format, given.columns, name, `columns.${name}`);
  }
  if (Object.keys(columns).length === 0) throw bad(format, 'columns', 'names no column');
  return columns;
}

function reference(format: MappedFormat, object: JsonObject, key: string, label = key): string {
  const value = object[key];
  if (typeof value !== 'string') throw bad(format, label, 'must be a field name or path (text)');
  const problem = referenceProblem(value);
  if (problem) throw bad(format, label, `(${JSON.stringify(value)}) ${problem}`);
  return value;
}

function guess(state: JsonObject, names: readonly string[]): string | undefined {
  return names.find((name) => typeof state[name] === 'string');
}

function bad(format: MappedFormat, key: string, what: string): ExportMappingError {
  return new ExportMappingError(`The pipeline's "exports.${format}.${key}" ${what}.`);
}
