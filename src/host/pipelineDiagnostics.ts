import * as vscode from 'vscode';
import { parsePipeline } from '../core/pipeline/parsePipeline';
import { readSettings, workspaceFolder } from './hostSettings';
import type { Services } from './services';
import { watchPipelineDocuments } from './watchPipelineDocuments';

/** Pipeline problems as diagnostics while a *.dgf.json is open, in the canvas or as text. */
export function watchPipelineDiagnostics(services: Services): vscode.Disposable {
  return watchPipelineDocuments(
    (doc) => services.diagnostics.set(doc.uri, parsePipeline(doc.getText(), services.registry(), { renderLimits: readSettings(workspaceFolder()).templates }).problems),
    (doc) => services.diagnostics.clear(doc.uri),
  );
}
