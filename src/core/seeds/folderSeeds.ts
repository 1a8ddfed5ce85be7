import type { Problem, SourceRange } from '../problems';
import { seedListOf } from './seedList';
import { SeedProblemCode } from './seedProblemCodes';
import type { ParsedSeeds, Seed, SeedDocument, SeedFolder, SeedLocator } from './seedTypes';
import { DEFAULT_MAX_UNITS_PER_JOB, formatCount, MAX_UNITS_SETTING } from './unitLimit';

/** Markdown files a seed folder is made of (the same extensions as a single Markdown seed file). */
export const MARKDOWN_FILE = /\.(md|markdown)$/i;

/** The metadata field that names a folder seed's file (relative to the folder), carried into its chunks' records. */
export const SOURCE_FILE_FIELD = 'source_file';

/**
 * A seed folder from its Markdown files in any order: sorted by path (code-unit order, so the same on every
 * machine and locale), which fixes each file's seed index and with it the job's unit keys.
 */
export function seedFolderOf(documents: readonly SeedDocument[]): SeedFolder {
  const sorted = documents
    .map((d) => ({ path: d.path.replaceAll('\\', '/'), text: d.text }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { kind: 'folder', documents: sorted };
}

/**
 * Reads a folder of Markdown files as seeds: each file is one document, `{ file_content, source_file }`, run once.
 * An empty file is an error naming the file; a folder without Markdown files is an error. Problems' paths start
 * with the document's index in `folder.documents` (the file they belong to), and their ranges are in that file.
 * The seeds share the documents' strings: nothing is copied per document.
 */
export function parseFolderSeeds(folder: SeedFolder, folderName: string, options: { maxUnits?: number } = {}): ParsedSeeds {
  const { documents } = folder;
  const fileOf = (i: number) => `${folderName.replace(/[\\/]+$/, '')}/${documents[i]?.path ?? ''}`;
  const firstLine = (i: number): SourceRange => {
    const text = documents[i]?.text ?? '';
    const line = text.slice(0, 2000).split(/\r\n|\r|\n/, 1)[0] ?? '';
    return { line: 1, column: 1, endLine: 1, endColumn: line.length + 1 };
  };
  const usable: number[] = [];
  const locate: SeedLocator = {
    kind: 'folder',
    fileName: folderName,
    path: (i, subPath = []) => [usable[i] ?? i, ...subPath],
    range: (i) => firstLine(usable[i] ?? i),
    fileRange: () => undefined,
    label: (i) => `The seed ${fileOf(usable[i] ?? i)}`,
  };
  const problems: Problem[] = [];
  if (documents.length === 0) {
    problems.push({
      severity: 'error',
      code: SeedProblemCode.Empty,
      message: `${folderName} has no Markdown (.md) files: a seed folder holds the documents to split into chunks, one file each.`,
      path: [],
    });
    return { seeds: seedListOf([]), problems, locate };
  }
  const maxUnits = options.maxUnits ?? DEFAULT_MAX_UNITS_PER_JOB;
  const seeds: Seed[] = [];
  documents.forEach((document, i) => {
    if (document.text.trim() === '') {
      problems.push({
        severity: 'error',
        code: SeedProblemCode.Empty,
        message: `${fileOf(i)} is empty: each Markdown file in a seed folder must contain a document to split into chunks. Fill it or remove it from the folder.`,
        path: [i],
        range: firstLine(i),
      });
      return;
    }
    usable.push(i);
    const text = document.text.charCodeAt(0) === 0xfeff ? document.text.slice(1) : document.text;
    seeds.push({ repetitions: 1, metadata: { file_content: text, [SOURCE_FILE_FIELD]: document.path } });
  });
  if (usable.length > maxUnits) {
    problems.push({
      severity: 'error',
      code: SeedProblemCode.TooManyUnits,
      message: `${folderName} has ${formatCount(usable.length)} Markdown files, more than the ${formatCount(maxUnits)} units a job may have (setting ${MAX_UNITS_SETTING}). Split the folder, or raise the setting.`,
      path: [],
    });
  }
  return { seeds: seedListOf(seeds), problems, locate };
}
