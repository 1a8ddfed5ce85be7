import * as vscode from 'vscode';
import { undefinedVariableProblems } from '../core/pipeline/undefinedVariableProblems';
import { toDiagnostic } from '../host/diagnostics';
import type { Logger } from '../host/logger';
import { isPipelineUri } from '../host/workspaceFiles';
import type { TemplateLanguageService } from './templateLanguageService';

const DEBOUNCE_MS = 300;

/**
 * Undefined template variables of open pipelines in the Problems panel, at their exact ranges: a collection of
 * their own beside the pipeline problems (watchPipelineDiagnostics), which replace theirs on every check.
 */
export function watchTemplateDiagnostics(service: TemplateLanguageService, log: Logger): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('datagenflow-templates');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (doc: vscode.TextDocument) => {
    if (!isPipelineUri(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        service.analysis(doc).then(
          (analysis) => {
            if (!doc.isClosed) collection.set(doc.uri, undefinedVariableProblems(analysis).map((p) => toDiagnostic(p)));
          },
          (e: unknown) => log.error(`Template check of ${doc.uri.fsPath} failed`, e),
        );
      }, DEBOUNCE_MS),
    );
  };
  const checkAll = () => vscode.workspace.textDocuments.forEach(check);
  checkAll();
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(check),
    vscode.workspace.onDidChangeTextDocument((e) => check(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      clearTimeout(timers.get(doc.uri.toString()));
      collection.delete(doc.uri);
    }),
    service.onDidChange(checkAll),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
