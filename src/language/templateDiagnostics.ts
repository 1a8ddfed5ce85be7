import * as vscode from 'vscode';
import { undefinedVariableProblems } from '../core/pipeline/undefinedVariableProblems';
import { toDiagnostic } from '../host/diagnostics';
import type { Logger } from '../host/logger';
import { watchPipelineDocuments } from '../host/watchPipelineDocuments';
import type { TemplateLanguageService } from './templateLanguageService';

/**
 * Undefined template variables of open pipelines in the Problems panel, at their exact ranges: a collection of
 * their own beside the pipeline problems (watchPipelineDiagnostics), which replace theirs on every check.
 */
export function watchTemplateDiagnostics(service: TemplateLanguageService, log: Logger): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('datagenflow-templates');
  const watch = watchPipelineDocuments(
    (doc) =>
      void service.analysis(doc).then(
        (analysis) => {
          if (!doc.isClosed) collection.set(doc.uri, undefinedVariableProblems(analysis).map((p) => toDiagnostic(p)));
        },
        (e: unknown) => log.error(`Template check of ${doc.uri.fsPath} failed`, e),
      ),
    (doc) => collection.delete(doc.uri),
  );
  return vscode.Disposable.from(collection, watch, service.onDidChange(() => watch.checkAll()));
}
