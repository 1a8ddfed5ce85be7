import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { defaultTemplatesDir, listTemplates, writeTemplate, type PipelineTemplateInfo } from '../core/pipelineTemplates/builtinTemplates';
import { workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';

/** What New Pipeline from Template wrote (for callers and tests); undefined when cancelled or refused. */
export interface NewPipelineResult {
  pipeline: vscode.Uri;
  seeds: vscode.Uri;
}

/** When the template's files already exist in the folder: ask (UI), refuse, or write under the next free suffix. */
export type OnExisting = 'ask' | 'refuse' | 'suffix';

const PIPELINE_SUFFIX = '.dgf.json';

/**
 * DataGenFlow: New Pipeline from Template — copies a built-in template and its example seeds into the workspace
 * and opens the pipeline. Writes files only (no template is rendered), so it works in Restricted Mode too.
 * Programmatic use: `(templateId, folderUri, onExisting)`; from the explorer the argument is the folder clicked.
 */
export async function newPipelineFromTemplateCommand(services: Services, idArg?: unknown, folderArg?: unknown, onExistingArg?: unknown): Promise<NewPipelineResult | undefined> {
  const templatesDir = defaultTemplatesDir();
  const templates = await listTemplates(templatesDir);
  // From the explorer context menu the first argument is the folder (there is no template id then).
  const explorerFolder = idArg instanceof vscode.Uri ? idArg : undefined;
  const template = typeof idArg === 'string' ? findTemplate(templates, idArg) : await pickTemplate(templates);
  if (!template) return undefined;
  const folder = folderArg instanceof vscode.Uri ? folderArg : (explorerFolder ? await folderOf(explorerFolder) : await pickFolder(template));
  if (!folder) return undefined;
  const onExisting: OnExisting = onExistingArg === 'refuse' || onExistingArg === 'suffix' ? onExistingArg : 'ask';

  let result: NewPipelineResult;
  const taken = await takenNames(template, folder);
  if (taken.length === 0) {
    const written = await writeTemplate(template.id, templatesDir, folder.fsPath);
    result = { pipeline: vscode.Uri.file(written.pipelineFile), seeds: vscode.Uri.file(written.seedFile) };
  } else {
    const stem = await freeStem(template, folder);
    const where = relativePath(folder) || folder.fsPath;
    const message = `${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''} in ${where}: DataGenFlow never overwrites a pipeline or its seeds.`;
    const writeAs = `Write as ${stem}${PIPELINE_SUFFIX}`;
    const choice = onExisting === 'suffix' ? writeAs : onExisting === 'refuse' ? undefined : await vscode.window.showWarningMessage(message, writeAs);
    if (choice !== writeAs) {
      services.log.info(`New Pipeline from Template: ${message}`);
      return undefined;
    }
    result = await copyAs(template, folder, stem);
  }
  services.log.info(`New pipeline from template "${template.name}": ${relativePath(result.pipeline)} and ${relativePath(result.seeds)}`);
  // vscode.open: once the pipeline custom editor is registered it takes *.dgf.json, else the text editor opens.
  await vscode.commands.executeCommand('vscode.open', result.pipeline);
  await vscode.commands.executeCommand('revealInExplorer', result.pipeline);
  void vscode.window.showInformationMessage(
    `DataGenFlow: created ${relativePath(result.pipeline)} with example seeds ${relativePath(result.seeds)}. Run it with "DataGenFlow: Generate".`,
  );
  return result;
}

function findTemplate(templates: PipelineTemplateInfo[], id: string): PipelineTemplateInfo {
  const found = templates.find((t) => t.id === id);
  if (!found) throw new Error(`There is no template "${id}". Templates: ${templates.map((t) => t.id).join(', ')}.`);
  return found;
}

async function pickTemplate(templates: PipelineTemplateInfo[]): Promise<PipelineTemplateInfo | undefined> {
  const items = templates.map((t) => ({ label: t.name, description: `${t.id} · seeds ${basename(t.seedFile)}`, detail: t.description, template: t }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'DataGenFlow: New Pipeline from Template',
    placeHolder: 'Template to start from (writes the pipeline and its example seeds)',
    matchOnDetail: true,
  });
  return picked?.template;
}

/** The workspace root by default; any other folder through the folder dialog. */
async function pickFolder(template: PipelineTemplateInfo): Promise<vscode.Uri | undefined> {
  const root = workspaceFolder()?.uri;
  const choose = { label: '$(folder-opened) Choose a folder…' };
  if (root) {
    const here = { label: `$(root-folder) ${vscode.workspace.name ?? basename(root.fsPath)}`, description: 'workspace root' };
    const picked = await vscode.window.showQuickPick([here, choose], { title: `DataGenFlow: where to write ${template.id}${PIPELINE_SUFFIX}` });
    if (!picked) return undefined;
    if (picked === here) return root;
  }
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: root, openLabel: 'Write the pipeline here' });
  return chosen?.[0];
}

/** The explorer passes what was right-clicked: a folder, or a file whose folder is meant. */
async function folderOf(uri: vscode.Uri): Promise<vscode.Uri> {
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type & vscode.FileType.Directory ? uri : vscode.Uri.file(dirname(uri.fsPath));
}

function namesFor(template: PipelineTemplateInfo, stem: string): { pipeline: string; seeds: string } {
  const seedSuffix = basename(template.seedFile).slice(template.id.length);
  return { pipeline: `${stem}${PIPELINE_SUFFIX}`, seeds: `${stem}${seedSuffix}` };
}

async function takenNames(template: PipelineTemplateInfo, folder: vscode.Uri, stem = template.id): Promise<string[]> {
  const names = namesFor(template, stem);
  const taken: string[] = [];
  for (const name of [names.pipeline, names.seeds]) if (await exists(vscode.Uri.joinPath(folder, name))) taken.push(name);
  return taken;
}

/** `<id>_2`, `<id>_3`, …: the first stem whose pipeline and seed file are both free. */
async function freeStem(template: PipelineTemplateInfo, folder: vscode.Uri): Promise<string> {
  for (let n = 2; ; n++) {
    const stem = `${template.id}_${n}`;
    if ((await takenNames(template, folder, stem)).length === 0) return stem;
  }
}

/** writeTemplate keeps the template's file names; a suffixed copy needs the same no-overwrite copy under new ones. */
async function copyAs(template: PipelineTemplateInfo, folder: vscode.Uri, stem: string): Promise<NewPipelineResult> {
  const names = namesFor(template, stem);
  const pipeline = vscode.Uri.joinPath(folder, names.pipeline);
  const seeds = vscode.Uri.joinPath(folder, names.seeds);
  await vscode.workspace.fs.copy(vscode.Uri.file(template.pipelineFile), pipeline, { overwrite: false });
  try {
    await vscode.workspace.fs.copy(vscode.Uri.file(template.seedFile), seeds, { overwrite: false });
  } catch (e) {
    // Half a template is worse than none (same rule as writeTemplate).
    await vscode.workspace.fs.delete(pipeline);
    throw e;
  }
  return { pipeline, seeds };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
