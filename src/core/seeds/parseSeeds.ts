import { describeValue } from '../json/describeValue';
import type { JsonPath } from '../json/jsonPath';
import { LineIndex } from '../json/lineIndex';
import { parseJsonDocument } from '../json/parseJsonDocument';
import type { Problem } from '../problems';
import { readSeedItem } from './readSeedItem';
import { SeedProblemCode } from './seedProblemCodes';
import type { ParsedSeeds, Seed, SeedFileKind, SeedLocator } from './seedTypes';

/** The file kind by extension: Markdown seeds feed multiplier pipelines; every other file is read as JSON. */
export function seedFileKind(fileName: string): SeedFileKind {
  return /\.(md|markdown)$/i.test(fileName) ? 'markdown' : 'json';
}

/**
 * Reads a seed file. JSON: an array of seeds or a single seed object, each `{ "repetitions"?: n (default 1),
 * "metadata": { … } }`, strict JSON. Markdown: the whole text becomes one seed `{ file_content }`. Problems are
 * ranged in `text`; `locate` ranges later problems (from `verifySeeds`) too.
 */
export function parseSeeds(text: string, fileName: string): ParsedSeeds {
  return seedFileKind(fileName) === 'markdown' ? parseMarkdownSeeds(text, fileName) : parseJsonSeeds(text, fileName);
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
    return { seeds: [], problems: [problem], locate };
  }
  return { seeds: [{ repetitions: 1, metadata: { file_content: text } }], problems: [], locate };
}

function parseJsonSeeds(text: string, fileName: string): ParsedSeeds {
  const document = parseJsonDocument(text);
  const itemPaths: JsonPath[] = [];
  const itemLabels: string[] = [];
  const locate: SeedLocator = {
    kind: 'json',
    fileName,
    path: (i, subPath = []) => [...(itemPaths[i] ?? [i]), ...subPath],
    range: (i, subPath = []) => document.locate([...(itemPaths[i] ?? [i]), ...subPath]),
    fileRange: () => document.locate([]) ?? new LineIndex(text).range(0, 0),
    label: (i) => itemLabels[i] ?? `Seed ${i + 1}`,
  };
  const problems = [...document.problems];
  if (document.value === undefined) return { seeds: [], problems, locate };

  const value = document.value;
  const fail = (code: string, message: string): ParsedSeeds => {
    const problem: Problem = { severity: 'error', code, message, path: [] };
    const range = document.locate([]);
    if (range) problem.range = range;
    return { seeds: [], problems: [...problems, problem], locate };
  };
  let items: { item: unknown; path: JsonPath; label: string }[];
  if (Array.isArray(value)) {
    if (value.length === 0) return fail(SeedProblemCode.Empty, `${fileName} has no seeds: the array is empty. Add at least one {"repetitions": 1, "metadata": {…}}.`);
    items = value.map((item: unknown, i) => ({ item, path: [i], label: `Seed ${i + 1}` }));
  } else if (typeof value === 'object' && value !== null) {
    items = [{ item: value, path: [], label: 'The seed' }];
  } else {
    return fail(
      SeedProblemCode.NotArrayOrObject,
      `${fileName} must hold a JSON array of seeds or a single seed object {"repetitions": 1, "metadata": {…}}, found ${describeValue(value)}.`,
    );
  }

  const seeds: Seed[] = [];
  for (const { item, path, label } of items) {
    const read = readSeedItem(item, path, label, document.locate);
    problems.push(...read.problems);
    if (read.seed) {
      seeds.push(read.seed);
      itemPaths.push(path);
      itemLabels.push(label);
    }
  }
  return { seeds, problems, locate };
}
