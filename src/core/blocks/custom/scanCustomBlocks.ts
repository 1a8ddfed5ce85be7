import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BlockDefinition } from '../blockTypes';
import { customBlockDefinition } from './customBlockDefinition';
import type { CustomBlockEntry } from './customBlockTypes';
import { describeModuleError, evaluateCommonJs } from './evaluateModule';

export interface ScanResult {
  blocks: BlockDefinition[];
  entries: CustomBlockEntry[];
}

const MODULE_FILE = /\.c?js$/;
// Tests next to a block (what `blocks scaffold` writes) must never be run as blocks: they would run the tests.
const TEST_FILE = /\.(test|spec)\.c?js$/;

/**
 * The custom block files of `folder`: `.js`/`.cjs` directly inside it, sorted by name, except helpers (`_x.js`),
 * hidden files and tests (`*.test.js`, `*.spec.js`).
 */
function listCustomBlockFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => MODULE_FILE.test(name) && !TEST_FILE.test(name) && !name.startsWith('_') && !name.startsWith('.'))
    .sort()
    .map((name) => join(folder, name))
    .filter((file) => isFile(file));
}

/**
 * Loads every custom block file of `folder` (absolute). Each file is handled on its own: whatever one module does
 * wrong ends up in its entry and never stops the others. Untrusted: nothing is evaluated, every file is listed.
 */
export function scanCustomBlocks(folder: string, trusted: boolean, reservedTypes: ReadonlySet<string>): ScanResult {
  let files: string[];
  try {
    files = listCustomBlockFiles(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { blocks: [], entries: [] }; // no custom blocks yet: not a problem
    const error = `The custom blocks folder ${folder} cannot be read (${code ?? (e as Error).message}). Point the setting datagenflow.customBlocksFolder at a readable folder.`;
    return { blocks: [], entries: [{ file: folder, status: 'error', error }] };
  }
  if (!trusted) {
    const entries = files.map((file): CustomBlockEntry => ({
      file,
      status: 'untrusted',
      error: `${basename(file)} was not loaded: custom blocks run only in trusted workspaces. Trust this workspace to use it.`,
    }));
    return { blocks: [], entries };
  }

  const entries: CustomBlockEntry[] = [];
  const byType = new Map<string, { file: string; block: BlockDefinition }>();
  for (const file of files) entries.push(loadOne(file, reservedTypes, byType));
  const blocks = [...byType.values()].map((v) => v.block).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { blocks, entries };
}

function loadOne(file: string, reservedTypes: ReadonlySet<string>, byType: Map<string, { file: string; block: BlockDefinition }>): CustomBlockEntry {
  const name = basename(file);
  let exported: unknown;
  try {
    exported = evaluateCommonJs(file);
  } catch (e) {
    return { file, status: 'error', error: `${describeModuleError(e, file)}. The module failed to load; fix it and save (the other blocks are not affected).` };
  }
  let result;
  try {
    result = customBlockDefinition(exported, file);
  } catch (e) {
    // A getter on the export that throws, or something stranger: still this file's problem only.
    return { file, status: 'error', error: `${name}: reading its export failed: ${describeModuleError(e, file)}. Export a plain object.` };
  }
  if (!result.ok) return { file, ...(result.type ? { type: result.type } : {}), status: 'error', error: result.error };
  const type = result.definition.type;
  if (reservedTypes.has(type)) {
    return { file, type, status: 'clash', error: `${name} declares type "${type}", which clashes with the built-in block ${type}: rename it (e.g. "My${type}"); the built-in is used meanwhile.` };
  }
  const earlier = byType.get(type);
  if (earlier) {
    return { file, type, status: 'error', error: `${name} declares type "${type}", which ${basename(earlier.file)} already declares: give one of them another type; ${basename(earlier.file)} is used meanwhile.` };
  }
  byType.set(type, { file, block: result.definition });
  return { file, type, status: 'ok' };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile(); // follows symlinks
  } catch {
    return false; // a dangling link: nothing to load
  }
}
