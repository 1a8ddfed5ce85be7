import * as vscode from 'vscode';
import { findPipelines, findSeedFiles, isPipelineUri, relativePath } from '../host/workspaceFiles';

/** The pipeline to act on: the argument, the active editor, or a quick pick of the workspace's pipelines. */
export async function pickPipeline(arg: unknown, placeHolder: string, remembered?: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && isPipelineUri(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri ?? activeCustomEditorUri();
  if (active && isPipelineUri(active)) return active;
  const pipelines = await findPipelines();
  if (pipelines.length === 0) {
    const create = 'New Pipeline from Template';
    if ((await vscode.window.showInformationMessage('There is no *.dgf.json pipeline in this workspace yet.', create)) === create) {
      await vscode.commands.executeCommand('datagenflow.newPipelineFromTemplate');
    }
    return undefined;
  }
  if (pipelines.length === 1) return pipelines[0];
  const items = pipelines.map((uri) => ({ label: relativePath(uri), uri }));
  if (remembered) items.sort((a, b) => Number(b.label === remembered) - Number(a.label === remembered));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.uri;
}

/** Seed file of the given kind, the last one used with this pipeline first. */
export async function pickSeeds(kind: 'json' | 'markdown', lastUsed: string | undefined, pipelineLabel: string): Promise<vscode.Uri | undefined> {
  const files = await findSeedFiles(kind);
  if (files.length === 0) {
    void vscode.window.showWarningMessage(`No ${kind === 'markdown' ? '.md' : '.json'} seed file found for ${pipelineLabel}. Create one (see the template's example seeds).`);
    return undefined;
  }
  const items = files.map((uri) => ({ label: relativePath(uri), description: relativePath(uri) === lastUsed ? 'last used' : undefined, uri }));
  items.sort((a, b) => Number(b.label === lastUsed) - Number(a.label === lastUsed));
  return (await vscode.window.showQuickPick(items, { placeHolder: `Seed file for ${pipelineLabel}` }))?.uri;
}

function activeCustomEditorUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
}
