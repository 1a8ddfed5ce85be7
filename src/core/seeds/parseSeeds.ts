import { parseTree } from 'jsonc-parser';
import { describeValue } from '../json/describeValue';
import { createJsonLocator, type JsonLocator, type Locate } from '../json/jsonLocator';
import type { JsonPath } from '../json/jsonPath';
import { JSON_INVALID } from '../json/parseJsonDocument';
import { scanJsonItems, type ScannedJson } from '../json/scanJsonItems';
import type { Problem } from '../problems';
import { parseFolderSeeds } from './folderSeeds';
import { readSeedItem } from './readSeedItem';
import { JsonSeedList, seedListOf } from './seedList';
import { SeedProblemCode } from './seedProblemCodes';
import type { ParsedSeeds, SeedFileKind, SeedList, SeedLocator, SeedSource } from './seedTypes';
import { DEFAULT_MAX_UNITS_PER_JOB, formatCount, MAX_UNITS_SETTING } from './unitLimit';

export interface SeedReadOptions {
  /** Units (seeds × repetitions) a job may have; DEFAULT_MAX_UNITS_PER_JOB when not given. */
  maxUnits?: number;
}

/** The file kind by extension: Markdown seeds feed multiplier pipelines; every other file is read as JSON. */
export function seedFileKind(fileName: string): SeedFileKind {
  return /\.(md|markdown)$/i.test(fileName) ? 'markdown' : 'json';
}

/**
 * Reads a seed file or folder. JSON: an array of seeds or a single seed object, each `{ "repetitions"?: n (default 1),
 * "metadata": { … } }`, strict JSON. Markdown: the whole text becomes one seed `{ file_content }`. A folder (see
 * parseFolderSeeds): one seed `{ file_content, source_file }` per Markdown file, sorted by path. Problems are
 * ranged in `text`; `locate` ranges later problems (from `verifySeeds`) too. A JSON file is scanned once and each
 * seed parsed on its own (see scanJsonItems), so memory stays near the size of the text. Repetitions adding up to
 * more than `maxUnits` are an error at the seed that goes over.
 */
export function parseSeeds(source: SeedSource, fileName: string, options: SeedReadOptions = {}): ParsedSeeds {
  if (typeof source !== 'string') return parseFolderSeeds(source, fileName, options);
  const text = source;
  if (seedFileKind(fileName) === 'markdown') return parseMarkdownSeeds(text, fileName);
  return parseJsonSeeds(text, fileName, options.maxUnits ?? DEFAULT_MAX_UNITS_PER_JOB);
}

function parseMarkdownSeeds(source: string, fileName: string): ParsedSeeds {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const range = { line: 1, column: 1, endLine: 1, endColumn: firstLine.length + 1 };
  const locate: SeedLocator = {
    kind: 'markdown',
    fileName,
    path: (_i, subPath = []) => subPath,
    range: () => range,
    fileRange: () => range,
    label: () => 'The Markdown seed',
  };
  if (text.trim() === '') {
    const problem: Problem = {
      severity: 'error',
      code: SeedProblemCode.Empty,
      message: `${fileName} is empty: a Markdown seed file must contain the document to split into chunks.`,
      path: [],
      range,
    };
    return { seeds: seedListOf([]), problems: [problem], locate };
  }
  return { seeds: seedListOf([{ repetitions: 1, metadata: { file_content: text } }]), problems: [], locate };
}

function parseJsonSeeds(source: string, fileName: string, maxUnits: number): ParsedSeeds {
  const scanned = scanJsonItems(source);
  const { text, lines, root, items } = scanned;
  const locateIn = fileLocator(scanned);
  const rootIsArray = root?.kind === 'array';
  const kept = new SeedSpans();
  const locate: SeedLocator = {
    kind: 'json',
    fileName,
    path: (i, subPath = []) => [...itemPath(i), ...subPath],
    range: (i, subPath = []) => locateIn([...itemPath(i), ...subPath]),
    fileRange: () => locateIn([]) ?? lines.range(0, 0),
    label: (i) => (i < kept.count ? labelOf(kept.fileItem(i)) : `Seed ${i + 1}`),
  };
  function itemPath(i: number): JsonPath {
    if (!rootIsArray) return [];
    return [i < kept.count ? kept.fileItem(i) : i];
  }
  function labelOf(fileItem: number): string {
    return rootIsArray ? `Seed ${fileItem + 1}` : 'The seed';
  }

  const problems = [...scanned.problems];
  if (!root) return { seeds: kept.list(text), problems, locate };

  const fail = (code: string, message: string): ParsedSeeds => {
    const problem: Problem = { severity: 'error', code, message, path: [] };
    const range = locateIn([]);
    if (range) problem.range = range;
    return { seeds: kept.list(text), problems: [...problems, problem], locate };
  };
  if (root.kind === 'array' && items.count === 0) {
    return fail(SeedProblemCode.Empty, `${fileName} has no seeds: the array is empty. Add at least one {"repetitions": 1, "metadata": {…}}.`);
  }
  if (root.kind === 'scalar') {
    return fail(
      SeedProblemCode.NotArrayOrObject,
      `${fileName} must hold a JSON array of seeds or a single seed object {"repetitions": 1, "metadata": {…}}, found ${describeValue(JSON.parse(text.slice(root.offset, root.offset + root.length)))}.`,
    );
  }

  // One seed at a time: parse its slice, check it, keep only where it is and its repetitions.
  const count = rootIsArray ? items.count : 1;
  let units = 0;
  let overLimit = false;
  for (let i = 0; i < count; i++) {
    const start = rootIsArray ? items.start[i] : root.offset;
    const end = rootIsArray ? items.end[i] : root.offset + root.length;
    const path: JsonPath = rootIsArray ? [i] : [];
    const label = labelOf(i);
    let item: unknown;
    try {
      item = JSON.parse(text.slice(start, end));
    } catch (e) {
      // jsonc-parser accepted what JSON.parse, the reference for strictness, does not.
      problems.push({ severity: 'error', code: JSON_INVALID, message: `Invalid JSON in ${label}: ${e instanceof Error ? e.message : String(e)}`, path, range: lines.range(start, 1) });
      continue;
    }
    const read = readSeedItem(item, path, label, locateIn);
    problems.push(...read.problems);
    if (!read.seed) continue;
    const repetitions = read.seed.repetitions;
    if (!overLimit && units + repetitions > maxUnits) {
      overLimit = true;
      problems.push(unitLimitProblem(label, repetitions, units + repetitions, maxUnits, [...path, 'repetitions'], locateIn));
    }
    units += repetitions;
    kept.push(start, end, repetitions, i);
  }
  return { seeds: kept.list(text), problems, locate };
}

function unitLimitProblem(label: string, repetitions: number, total: number, maxUnits: number, path: JsonPath, locate: Locate): Problem {
  const limit = `the ${formatCount(maxUnits)} units a job may have (setting ${MAX_UNITS_SETTING})`;
  const message =
    repetitions > maxUnits
      ? `${label}: repetitions ${formatCount(repetitions)} is more than ${limit}. Lower it, or raise the setting.`
      : `${label}: repetitions ${formatCount(repetitions)} brings the job to ${formatCount(total)} units, more than ${limit}. Lower the repetitions or split the seed file, or raise the setting.`;
  const problem: Problem = { severity: 'error', code: SeedProblemCode.TooManyUnits, message, path };
  const range = locate(path);
  if (range) problem.range = range;
  return problem;
}

/**
 * A locator over file paths that parses (with jsonc-parser, for ranges) only the seed a path points into; the
 * last one is kept, since problems come seed by seed.
 */
function fileLocator(scanned: ScannedJson): Locate {
  const { text, lines, root, items } = scanned;
  let cached: { item: number; locator: JsonLocator } | undefined;
  const rootAnchor = () => (root ? lines.range(root.offset, root.kind === 'scalar' ? root.length : 1) : undefined);
  const locatorOf = (item: number, start: number, end: number): JsonLocator => {
    if (cached?.item !== item) {
      const shifted = { range: (offset: number, length: number) => lines.range(start + offset, length) };
      cached = { item, locator: createJsonLocator(parseTree(text.slice(start, end), [], { disallowComments: true }), shifted) };
    }
    return cached.locator;
  };
  return (path, options) => {
    if (!root) return undefined;
    if (root.kind === 'object') return locatorOf(-1, root.offset, root.offset + root.length).locate(path, options);
    const [first, ...rest] = path;
    if (root.kind !== 'array' || typeof first !== 'number' || first < 0 || first >= items.count) return rootAnchor();
    return locatorOf(first, items.start[first], items.end[first]).locate(rest, options);
  };
}

/** The kept seeds' spans, repetitions and places in the file, in growable typed arrays. */
class SeedSpans {
  private start = new Uint32Array(256);
  private end = new Uint32Array(256);
  private repetitions = new Float64Array(256);
  private fileItems = new Uint32Array(256);
  count = 0;

  push(start: number, end: number, repetitions: number, fileItem: number): void {
    if (this.count === this.start.length) {
      const size = this.count * 2;
      this.start = grown(this.start, new Uint32Array(size));
      this.end = grown(this.end, new Uint32Array(size));
      this.repetitions = grown(this.repetitions, new Float64Array(size));
      this.fileItems = grown(this.fileItems, new Uint32Array(size));
    }
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.repetitions[this.count] = repetitions;
    this.fileItems[this.count++] = fileItem;
  }

  fileItem(i: number): number {
    return this.fileItems[i];
  }

  list(text: string): SeedList {
    const n = this.count;
    return new JsonSeedList(text, this.start.subarray(0, n), this.end.subarray(0, n), this.repetitions.subarray(0, n));
  }
}

function grown<T extends Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
