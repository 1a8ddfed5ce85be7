import * as vscode from 'vscode';
import { seedFolderOf } from '../core/seeds/folderSeeds';
import type { SeedFolder } from '../core/seeds/seedTypes';

const EXCLUDE = '{**/node_modules/**,**/.*/**}';
const MARKDOWN = '**/*.{md,markdown,MD,MARKDOWN}';

export async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/**
 * A seed folder's Markdown files (in its subfolders too, hidden ones and node_modules left out), read with `read`
 * and sorted by path: the same documents `datagenflow run --seeds <folder>` reads.
 */
export async function readSeedFolder(folder: vscode.Uri, read: (uri: vscode.Uri) => Promise<string>): Promise<SeedFolder> {
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, MARKDOWN), EXCLUDE);
  const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  // Hidden files and folders are left out, as the CLI's walk does (readSeedSource).
  const inFolder = files.map((uri) => ({ uri, path: uri.path.slice(base.length) })).filter((f) => !f.path.split('/').some((part) => part.startsWith('.')));
  const documents = await Promise.all(inFolder.map(async (f) => ({ path: f.path, text: await read(f.uri) })));
  return seedFolderOf(documents);
}

/** Folders of the workspace that hold Markdown files directly: the candidates for a multiplier pipeline's seeds. */
export function findMarkdownFolders(markdownFiles: readonly vscode.Uri[]): vscode.Uri[] {
  const folders = new Map<string, vscode.Uri>();
  for (const file of markdownFiles) {
    const folder = vscode.Uri.joinPath(file, '..');
    if (vscode.workspace.getWorkspaceFolder(folder)?.uri.toString() === folder.toString()) continue; // the root itself
    folders.set(folder.toString(), folder);
  }
  return [...folders.values()].sort((a, b) => a.path.localeCompare(b.path));
}
