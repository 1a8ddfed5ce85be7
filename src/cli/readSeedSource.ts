import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { MARKDOWN_FILE, seedFolderOf } from '../core/seeds/folderSeeds';
import type { ReadRecordedSeeds, SeedDocument, SeedSource } from '../core/seeds/seedTypes';

/** Folders a seed folder's walk never enters: hidden ones (.git, .datagenflow…) and installed packages. */
const SKIPPED = /^(\..*|node_modules)$/;

/**
 * What `--seeds <path>` names: a file's text, or for a folder every Markdown file in it and its subfolders (hidden
 * folders and node_modules left out), sorted by path. Errors are the file system's (ENOENT…), for the caller to word.
 */
export async function readSeedSource(path: string): Promise<SeedSource> {
  if (!(await stat(path)).isDirectory()) return readFile(path, 'utf8');
  const documents: SeedDocument[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (SKIPPED.test(entry.name)) continue;
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), relative);
      else if (entry.isFile() && MARKDOWN_FILE.test(entry.name)) documents.push({ path: relative, text: await readFile(join(dir, entry.name), 'utf8') });
    }
  };
  await walk(path, '');
  return seedFolderOf(documents);
}

/** Reads a job's recorded seed path (relative to `workspace`) for resume and retry; a file's seeds are then read from it. */
export function recordedSeedsReader(workspace: string): ReadRecordedSeeds {
  return async (recorded) => {
    const path = isAbsolute(recorded) ? recorded : join(workspace, recorded);
    const source = await readSeedSource(path);
    return typeof source === 'string' ? { text: source, file: path } : source;
  };
}
