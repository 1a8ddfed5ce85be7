import * as vscode from 'vscode';
import type { EditorTryResults } from '../shared/editorProtocol';

/**
 * The last try of each pipeline as its canvas nodes show it: the try service puts each step here, a canvas reads it
 * when it starts and follows `onDidChange`. A module, like seedAssociation, so the canvas needs no try service.
 */
const latest = new Map<string, EditorTryResults>();
const changed = new vscode.EventEmitter<vscode.Uri>();
let loader: ((pipeline: vscode.Uri) => Promise<EditorTryResults | undefined>) | undefined;

export const onDidChangeTryResults: vscode.Event<vscode.Uri> = changed.event;

export function setTryResults(pipeline: vscode.Uri, results: EditorTryResults): void {
  latest.set(pipeline.toString(), results);
  changed.fire(pipeline);
}

/** Reads a pipeline's kept tries when no try of it ran in this window yet (set by the try service). */
export function setTryResultsLoader(load: typeof loader): void {
  loader = load;
}

export async function tryResultsOf(pipeline: vscode.Uri): Promise<EditorTryResults | undefined> {
  const known = latest.get(pipeline.toString());
  if (known) return known;
  const loaded = await loader?.(pipeline);
  if (loaded && !latest.has(pipeline.toString())) latest.set(pipeline.toString(), loaded);
  return latest.get(pipeline.toString());
}
