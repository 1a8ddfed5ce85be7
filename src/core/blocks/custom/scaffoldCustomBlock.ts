import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { DgfError } from '../../errors';
import type { BlockCategory } from '../blockTypes';
import { isOneOf } from '../configValues';
import { BLOCK_CATEGORIES, BLOCK_TYPE_PATTERN } from './customBlockShape';
import { scaffoldBlockSource, scaffoldTestSource } from './scaffoldSource';
import { reservedTypeSet } from './watchCustomBlocks';

export interface ScaffoldOptions {
  /** The custom blocks folder (absolute); created when missing. */
  folder: string;
  /** Block type and file name, PascalCase. */
  name: string;
  category?: string;
  /** How messages and the test's "run with" line show the folder (e.g. relative to the workspace). */
  displayFolder?: string;
}

export interface ScaffoldResult {
  blockFile: string;
  testFile: string;
}

/**
 * Writes `<folder>/<Name>.js` (a working block) and `<folder>/<Name>.test.js` (its `node --test` test); `.cjs`
 * when the folder is inside a `"type": "module"` package, where Node would take `.js` for ESM. Never overwrites:
 * an existing file stops it before anything is written.
 */
export function scaffoldCustomBlock(options: ScaffoldOptions): ScaffoldResult {
  const { folder, name } = options;
  if (!BLOCK_TYPE_PATTERN.test(name)) {
    throw new DgfError('scaffold-name', `"${name}" is not a valid block name: use PascalCase letters and digits, starting with a capital (e.g. UppercaseField).`);
  }
  const category = options.category ?? 'utilities';
  if (!isOneOf(BLOCK_CATEGORIES, category)) {
    throw new DgfError('scaffold-category', `"${category}" is not a block category: use one of ${BLOCK_CATEGORIES.join(', ')}.`);
  }
  if (reservedTypeSet().has(name)) {
    throw new DgfError('scaffold-name', `"${name}" is the type of a built-in block: choose another name (e.g. My${name}).`);
  }
  const ext = nearestPackageType(folder) === 'module' ? '.cjs' : '.js';
  const blockName = `${name}${ext}`;
  const testName = `${name}.test${ext}`;
  const shown = options.displayFolder ?? folder;
  mkdirSync(folder, { recursive: true });
  const blockFile = join(folder, blockName);
  const testFile = join(folder, testName);
  const blockText = scaffoldBlockSource(name, category as BlockCategory);
  const testText = scaffoldTestSource(name, blockName, join(shown, testName));
  const existing = [blockName, testName].filter((f) => existsSync(join(folder, f)));
  if (existing.length > 0) throw exists(existing.map((f) => join(shown, f)));
  // 'wx' as well: a file created since the check is still never overwritten.
  writeOnce(blockFile, blockText, join(shown, blockName));
  writeOnce(testFile, testText, join(shown, testName));
  return { blockFile, testFile };
}

function writeOnce(file: string, text: string, shown: string): void {
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'EEXIST' ? exists([shown]) : e;
  }
}

function exists(files: string[]): DgfError {
  return new DgfError('scaffold-exists', `${files.join(' and ')} already exist${files.length === 1 ? 's' : ''} and ${files.length === 1 ? 'was' : 'were'} left untouched: choose another name, or delete or rename ${files.length === 1 ? 'that file' : 'those files'}.`);
}

/** The `type` of the package.json nearest to `dir` (Node's own rule for what `.js` means), if any. */
function nearestPackageType(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    try {
      const pkg = JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as { type?: unknown };
      return typeof pkg.type === 'string' ? pkg.type : undefined;
    } catch {
      // no (readable) package.json here: look further up
    }
    if (d === parse(d).root) return undefined;
  }
}
