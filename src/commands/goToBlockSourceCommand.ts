import * as vscode from 'vscode';
import { blockSourceRange } from '../core/preview/blockSource';
import { PipelineCanvas } from '../editor/pipelineCanvas';
import { PIPELINE_EDITOR_VIEW_TYPE } from '../editor/pipelineEditorProvider';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';

/**
 * Trace → source: the pipeline opens on the canvas with the block selected, and its template (the block's prompt
 * string) is selected in the text editor beside. `pipeline` is a Uri or a workspace-relative path (as jobs keep it).
 * Returns the text editor, or undefined when the file or the block is gone (the user is told).
 */
export async function goToBlockSourceCommand(services: Services, pipelineArg: unknown, blockArg: unknown): Promise<vscode.TextEditor | undefined> {
  const uri = pipelineUriOf(pipelineArg);
  if (!uri || typeof blockArg !== 'string') throw new Error('Go to source needs a pipeline file and a block id.');
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    void vscode.window.showWarningMessage(`${relativePath(uri)} no longer exists: the block '${blockArg}' cannot be shown.`);
    return undefined;
  }
  const range = blockSourceRange(document.getText(), blockArg, services.registry());
  if (!range) {
    void vscode.window.showWarningMessage(`${relativePath(uri)} has no block '${blockArg}' any more (renamed or removed since this job ran).`);
    return undefined;
  }
  await vscode.commands.executeCommand('vscode.openWith', uri, PIPELINE_EDITOR_VIEW_TYPE, vscode.ViewColumn.One);
  PipelineCanvas.forUri(uri)?.selectBlock(blockArg);
  const selection = new vscode.Range(range.line - 1, range.column - 1, range.endLine - 1, range.endColumn - 1);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

function pipelineUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg !== 'string' || arg === '') return undefined;
  if (/^([a-zA-Z]:)?[\\/]/.test(arg)) return vscode.Uri.file(arg);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, arg) : undefined;
}
