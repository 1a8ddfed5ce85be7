// The editor's one RPC client and its store of the latest snapshot, catalogue and notice, held outside React:
// listeners are in place before `ready` is sent, so nothing the host posts right after the handshake is missed.
import type { EditorBoot, EditorEdit, EditorEvents, EditorMethods, EditorTestMethods, EditorViewState } from '../../src/shared/editorProtocol';
import { createReducerStore } from '../common/reducerStore';
import { createRpcClient } from '../common/rpcClient';
import { useStoreState } from '../common/useStoreState';
import { readBoot, readViewState, writeViewState } from '../common/vscodeApi';
import { createEditorEffects } from './editorEffects';
import { reduceEditor, type EditorState } from './editorState';

export const client = createRpcClient<EditorMethods & EditorTestMethods, EditorEvents>();

const reportsRendered = readBoot<EditorBoot>()?.reportRendered === true;

/**
 * Tells a test host (never a production one) that a snapshot is drawn: tests and the benchmark wait for it. Once the
 * fonts the drawing asked for have loaded: a test that closes the canvas right after would otherwise leave its
 * codicon font request open in VS Code's webview service worker, which kept the next canvas blank for 30 s in the
 * code-server test bed.
 */
export function reportRendered(drawn: { version: number; nodes: number }): void {
  if (!reportsRendered) return;
  void document.fonts.ready.then(() => client.request('rendered', drawn)).catch(() => undefined);
}

/** The editor's one store (editorState.ts holds its transitions); it listens from import, before `ready`. */
export const editorStore = createReducerStore(reduceEditor, {}, createEditorEffects(client));

client.on('snapshot', (snapshot) => void editorStore.dispatch({ type: 'snapshot', snapshot }));
client.on('catalogue', (catalogue) => void editorStore.dispatch({ type: 'catalogue', catalogue }));
client.on('selectBlock', ({ blockId }) => void editorStore.dispatch({ type: 'selectBlock', blockId, at: Date.now() }));
client.on('seedFile', (seedFile) => void editorStore.dispatch({ type: 'seedFile', seedFile }));
client.on('plan', (plan) => void editorStore.dispatch({ type: 'plan', plan }));
client.on('fields', (fields) => void editorStore.dispatch({ type: 'fields', fields }));
client.on('tryResults', (tryResults) => void editorStore.dispatch({ type: 'tryResults', tryResults }));

export function useEditorState(): EditorState {
  return useStoreState(editorStore);
}

export function clearNotice(): void {
  void editorStore.dispatch({ type: 'dismissNotice' });
}

/** Sends a canvas action; a refusal (e.g. a connection that breaks the rules) is shown with its reason. */
export function sendEdit(edit: EditorEdit): Promise<void> {
  return editorStore.dispatch({ type: 'edit', edit });
}

let viewState: EditorViewState = readViewState<EditorViewState>();

export function initialViewState(): EditorViewState {
  return viewState;
}

/** Merges into the webview's view state (viewport, selection, open panel, palette filter): never the document. */
export function saveViewState(patch: Partial<EditorViewState>): void {
  viewState = { ...viewState, ...patch };
  writeViewState(viewState);
}
