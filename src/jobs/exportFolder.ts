import { mkdir, rmdir } from 'node:fs/promises';
import { dirname, relative } from 'node:path';

/** The folder a save dialog proposes, made to exist while the dialog is open. */
export interface ExportFolder {
  /** The folders this call created, innermost first (empty when the folder was already there). */
  readonly created: readonly string[];
  /** Removes the folders created here again while they are still empty; keeps anything that holds a file. */
  release(): Promise<void>;
}

/**
 * Creates `dir` (and missing parents) before the save dialog proposes a file in it, so VS Code does not ask whether
 * to create the folder. `release` after the dialog and the export: a cancelled dialog (or a file saved elsewhere)
 * leaves no empty folder behind, and one that now holds the export stays.
 */
export async function prepareExportFolder(dir: string): Promise<ExportFolder> {
  const first = await mkdir(dir, { recursive: true });
  const created = first === undefined ? [] : createdChain(dir, first);
  return {
    created,
    async release() {
      for (const folder of created) {
        try {
          // rmdir refuses a folder that is not empty: nothing the user saved is ever removed.
          await rmdir(folder);
        } catch {
          return;
        }
      }
    },
  };
}

/** `dir` and its parents up to `first` (the outermost folder mkdir created), innermost first. */
function createdChain(dir: string, first: string): string[] {
  const chain: string[] = [];
  for (let folder = dir; ; folder = dirname(folder)) {
    chain.push(folder);
    if (relative(folder, first) === '' || dirname(folder) === folder) return chain;
  }
}
