import * as vscode from 'vscode';
import { isPipelineUri } from './workspaceFiles';

const DEBOUNCE_MS = 300;

export interface PipelineDocumentWatch extends vscode.Disposable {
  /** Checks every open pipeline again (debounced like an edit), e.g. when what the check depends on changed. */
  checkAll(): void;
}

/**
 * Runs `check` on each open *.dgf.json document: those open now, and each one opened or edited (debounced per
 * document, so typing checks once it pauses). `closed` runs when one closes, after its pending check is dropped.
 */
export function watchPipelineDocuments(check: (doc: vscode.TextDocument) => void, closed: (doc: vscode.TextDocument) => void): PipelineDocumentWatch {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const schedule = (doc: vscode.TextDocument) => {
    if (!isPipelineUri(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        check(doc);
      }, DEBOUNCE_MS),
    );
  };
  const checkAll = () => vscode.workspace.textDocuments.forEach(schedule);
  checkAll();
  const listeners = vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (!isPipelineUri(doc.uri)) return;
      clearTimeout(timers.get(doc.uri.toString()));
      timers.delete(doc.uri.toString());
      closed(doc);
    }),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
  return { checkAll, dispose: () => listeners.dispose() };
}
