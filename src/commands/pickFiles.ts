import * as vscode from 'vscode';
import { findMarkdownFolders } from '../host/seedFolders';
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

/**
 * Seeds for a pipeline, the last ones used with it first: JSON seed files for a normal pipeline (`json`); for one
 * that starts with a multiplier (`documents`) a .md file, a folder of .md files, or JSON seeds of documents.
 */
export async function pickSeeds(kind: 'json' | 'documents', lastUsed: string | undefined, pipelineLabel: string): Promise<vscode.Uri | undefined> {
  const jsonFiles = await findSeedFiles('json');
  const markdown = kind === 'documents' ? await findSeedFiles('markdown') : [];
  const candidates = [
    ...markdown.map((uri) => ({ uri, what: 'Markdown document' })),
    ...findMarkdownFolders(markdown).map((uri) => ({ uri, what: 'folder: one document per .md file' })),
    ...jsonFiles.map((uri) => ({ uri, what: kind === 'documents' ? 'JSON seeds (metadata.file_content)' : undefined })),
  ];
  if (candidates.length === 0) {
    const wanted = kind === 'documents' ? '.md file, folder of .md files or .json' : '.json';
    void vscode.window.showWarningMessage(`No ${wanted} seed file found for ${pipelineLabel}. Create one (see the template's example seeds).`);
    return undefined;
  }
  const items = candidates.map(({ uri, what }) => {
    const label = relativePath(uri);
    const notes = [label === lastUsed ? 'last used' : undefined, what].filter((n) => n !== undefined);
    return { label, description: notes.length > 0 ? notes.join(' · ') : undefined, uri };
  });
  items.sort((a, b) => Number(b.label === lastUsed) - Number(a.label === lastUsed));
  return (await vscode.window.showQuickPick(items, { placeHolder: `Seed file for ${pipelineLabel}` }))?.uri;
}

function activeCustomEditorUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
}
