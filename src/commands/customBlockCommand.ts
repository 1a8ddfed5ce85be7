import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { BLOCK_CATEGORIES, BLOCK_TYPE_PATTERN } from '../core/blocks/custom/customBlockShape';
import { scaffoldCustomBlock } from '../core/blocks/custom/scaffoldCustomBlock';
import { reservedTypeSet } from '../core/blocks/custom/watchCustomBlocks';
import { DgfError } from '../core/errors';
import { readSettings, workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { requireTrust } from '../host/trust';
import { relativePath } from '../host/workspaceFiles';

export interface NewCustomBlockResult {
  blockFile: vscode.Uri;
  testFile: vscode.Uri;
}

/**
 * DataGenFlow: New Custom Block — writes the same scaffold as `datagenflow blocks scaffold <Name>` (a working block
 * and its `node --test` test) into `datagenflow.customBlocksFolder` and opens the block. Trusted workspaces only:
 * the block is code this window will run. Programmatic use: `(name, category?)`.
 */
export async function newCustomBlockCommand(services: Services, nameArg?: unknown, categoryArg?: unknown): Promise<NewCustomBlockResult | undefined> {
  if (!(await requireTrust('create custom blocks'))) return undefined;
  const root = workspaceFolder();
  if (!root) {
    void vscode.window.showErrorMessage('DataGenFlow: open a folder first. Custom blocks live in the workspace (setting datagenflow.customBlocksFolder).');
    return undefined;
  }
  const folder = resolve(root.uri.fsPath, readSettings(root).customBlocksFolder);
  const shownFolder = relativePath(vscode.Uri.file(folder));
  const name = typeof nameArg === 'string' ? nameArg : await askName(folder, shownFolder);
  if (name === undefined) return undefined;
  const category = typeof categoryArg === 'string' ? categoryArg : typeof nameArg === 'string' ? undefined : await askCategory(name);
  if (category === null) return undefined;

  let written;
  try {
    written = scaffoldCustomBlock({ folder, name, category, displayFolder: shownFolder });
  } catch (e) {
    // The scaffold's messages say what is wrong and what to do (bad name, built-in type, existing files).
    if (e instanceof DgfError && e.code.startsWith('scaffold-')) {
      void vscode.window.showErrorMessage(`DataGenFlow: ${e.message}`);
      services.log.warn(`New Custom Block: ${e.message}`);
      return undefined;
    }
    throw e;
  }
  const result = { blockFile: vscode.Uri.file(written.blockFile), testFile: vscode.Uri.file(written.testFile) };
  services.log.info(`New custom block ${name}: ${relativePath(result.blockFile)} and ${relativePath(result.testFile)}`);
  await vscode.window.showTextDocument(result.blockFile);
  void vscode.window.showInformationMessage(
    `DataGenFlow: wrote ${relativePath(result.blockFile)} and its test. Use it in a pipeline as a block of type "${name}"; ` +
      `test it with: node --test ${relativePath(result.testFile)}`,
  );
  return result;
}

/** Checked as the user types, with the scaffold's own rules, so the command rarely has to refuse afterwards. */
function nameProblem(value: string, folder: string, shownFolder: string): string | undefined {
  if (!BLOCK_TYPE_PATTERN.test(value)) return 'Use PascalCase letters and digits, starting with a capital (e.g. UppercaseField): it is the block type pipelines use.';
  if (reservedTypeSet().has(value)) return `"${value}" is the type of a built-in block: choose another name (e.g. My${value}).`;
  const existing = ['.js', '.cjs'].map((ext) => `${value}${ext}`).find((file) => existsSync(join(folder, file)));
  return existing ? `${join(shownFolder, existing)} already exists: choose another name.` : undefined;
}

async function askName(folder: string, shownFolder: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'DataGenFlow: New Custom Block (1/2)',
    prompt: `Block type, PascalCase. Writes <Name>.js and <Name>.test.js in ${shownFolder} (setting datagenflow.customBlocksFolder).`,
    placeHolder: 'e.g. UppercaseField',
    ignoreFocusOut: true,
    validateInput: (v) => nameProblem(v, folder, shownFolder),
  });
}

/** null when cancelled (undefined would mean "the scaffold's default"). */
async function askCategory(name: string): Promise<string | null> {
  const items = BLOCK_CATEGORIES.map((c) => ({ label: c, description: c === 'utilities' ? 'default' : undefined }));
  items.sort((a, b) => Number(b.label === 'utilities') - Number(a.label === 'utilities'));
  const picked = await vscode.window.showQuickPick(items, { title: `DataGenFlow: New Custom Block ${name} (2/2)`, placeHolder: 'Palette category of the block' });
  return picked ? picked.label : null;
}
