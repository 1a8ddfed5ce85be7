// The editor's one RPC client and the latest snapshot and catalogue, held outside React: listeners are in place
// before `ready` is sent, so nothing the host posts right after the handshake is missed.
import { useSyncExternalStore } from 'react';
import type { EditorBoot, EditorCatalogue, EditorEdit, EditorEvents, EditorMethods, EditorSnapshot, EditorTestMethods, EditorViewState } from '../../src/shared/editorProtocol';
import { createRpcClient } from '../common/rpcClient';
import { readBoot, readViewState, writeViewState } from '../common/vscodeApi';

export const client = createRpcClient<EditorMethods & EditorTestMethods, EditorEvents>();

const reportsRendered = readBoot<EditorBoot>()?.reportRendered === true;

/** Tells a test host (never a production one) that a snapshot is drawn: tests and the benchmark wait for it. */
export function reportRendered(drawn: { version: number; nodes: number }): void {
  if (reportsRendered) void client.request('rendered', drawn).catch(() => undefined);
}

interface EditorState {
  snapshot?: EditorSnapshot;
  catalogue?: EditorCatalogue;
  /** The last refusal or failure of an edit, shown until the next one. */
  notice?: { message: string; at: number };
}

let state: EditorState = {};
const listeners = new Set<() => void>();
const set = (patch: Partial<EditorState>) => {
  state = { ...state, ...patch };
  listeners.forEach((l) => l());
};

client.on('snapshot', (snapshot) => {
  // Snapshots are posted in document order; an older one arriving late is ignored.
  if (!state.snapshot || snapshot.version >= state.snapshot.version || snapshot.fileName !== state.snapshot.fileName) set({ snapshot });
});
client.on('catalogue', (catalogue) => set({ catalogue }));

export function useEditorState(): EditorState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

export function showNotice(message: string): void {
  set({ notice: { message, at: Date.now() } });
}

export function clearNotice(): void {
  set({ notice: undefined });
}

/** Sends a canvas action; a refusal (e.g. a connection that breaks the rules) is shown with its reason. */
export function sendEdit(edit: EditorEdit): Promise<{ version: number; createdId?: string } | undefined> {
  return client.request('edit', { edit }).then(
    (r) => {
      if (state.notice) clearNotice();
      return r;
    },
    (e: Error) => {
      showNotice(e.message);
      return undefined;
    },
  );
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
