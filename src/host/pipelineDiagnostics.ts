import * as vscode from 'vscode';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import { readSettings, workspaceFolder } from './hostSettings';
import type { Services } from './services';
import { isPipelineUri } from './workspaceFiles';

const DEBOUNCE_MS = 300;

/** Pipeline problems as diagnostics while a *.dgf.json is open, in the canvas or as text. */
export function watchPipelineDiagnostics(services: Services): vscode.Disposable {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (doc: vscode.TextDocument) => {
    if (!isPipelineUri(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        services.diagnostics.set(doc.uri, parsePipeline(doc.getText(), services.registry(), { renderLimits: readSettings(workspaceFolder()).templates }).problems);
      }, DEBOUNCE_MS),
    );
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => isPipelineUri(doc.uri) && services.diagnostics.clear(doc.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
