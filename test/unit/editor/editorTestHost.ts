// Plays the VS Code side of the pipeline editor in plain Node for harness tests and the benchmark: an in-memory
// document, the real handlers (src/editor/editorHandlers), the real snapshot and catalogue builders, and RpcHost.
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockRegistry } from '../../../src/core/blocks/blockTypes';
import type { TextChange } from '../../../src/core/pipeline/pipelineEdits';
import { buildCatalogue } from '../../../src/editor/editorCatalogue';
import { describeEditorError, editorHandlers } from '../../../src/editor/editorHandlers';
import { renderedHandler } from '../../../src/editor/editorSessions';
import { buildSnapshot } from '../../../src/editor/editorSnapshot';
import { RpcHost } from '../../../src/host/rpcHost';
import type { EditorBoot, EditorEvents, EditorMethods, EditorSnapshot } from '../../../src/shared/editorProtocol';
import type { HarnessOptions, WebviewHarness } from '../../webview/webviewHarness';

export interface EditorTestHost {
  /** The boot data to open the harness with: it asks the webview to report what it drew. */
  boot: EditorBoot;
  text: string;
  version: number;
  /** Every request the webview made (method names), in order. */
  calls: string[];
  rendered: { version: number; nodes: number }[];
  snapshots: EditorSnapshot[];
  /** How long the document takes to apply an edit from the canvas (a slow extension host); 0 by default. */
  editDelayMs: number;
  /** A change made outside the canvas (the text editor, undo, git): a new version and snapshot. */
  setText(text: string): void;
  /** Resolves once the webview reports it has drawn `version`. */
  waitRendered(version: number): Promise<void>;
  onMessage: HarnessOptions['onMessage'];
  /** The host asks the canvas to select a block (trace → source). */
  selectBlock(blockId: string): void;
  /** Posts any editor event as the extension would (seed file, plan, fields). */
  emit<K extends keyof EditorEvents>(event: K, data: EditorEvents[K]): void;
}

export function createEditorTestHost(initialText: string, options: { registry?: BlockRegistry; trusted?: boolean; models?: string[] } = {}): EditorTestHost {
  const registry = options.registry ?? createBlockRegistry();
  let host: RpcHost<EditorMethods, EditorEvents> | undefined;
  const waiters: { version: number; resolve(): void }[] = [];
  const push = () => {
    const snapshot = buildSnapshot(state.text, state.version, 'test.dgf.json', registry);
    state.snapshots.push(snapshot);
    host?.emit('snapshot', snapshot);
  };
  const state: EditorTestHost = {
    boot: { fileName: 'test.dgf.json', reportRendered: true },
    text: initialText,
    version: 1,
    calls: [],
    rendered: [],
    snapshots: [],
    editDelayMs: 0,
    setText(text) {
      state.text = text;
      state.version++;
      push();
    },
    selectBlock(blockId) {
      host?.emit('selectBlock', { blockId });
    },
    emit(event, data) {
      host?.emit(event, data);
    },
    waitRendered(version) {
      if (state.rendered.some((r) => r.version >= version)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ version, resolve }));
    },
    onMessage: (message: unknown, harness: WebviewHarness) => {
      if (!host) {
        const document = {
          text: () => state.text,
          version: () => state.version,
          apply: async (change: TextChange) => {
            if (state.editDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.editDelayMs));
            state.setText(state.text.slice(0, change.offset) + change.content + state.text.slice(change.offset + change.length));
            return true;
          },
        };
        const actions = { registry: () => registry, generate: async () => undefined, reopenAsText: async () => undefined, revealInText: async () => undefined, chooseSeedFile: async () => undefined, trySeed: async () => undefined };
        // The handlers of the extension in ExtensionMode.Test: the product's plus the `rendered` test hook.
        const handlers = {
          ...editorHandlers(document, actions),
          rendered: renderedHandler((version, nodes) => {
            state.rendered.push({ version, nodes });
            for (const w of waiters.filter((x) => x.version <= version)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
          }),
        };
        host = new RpcHost<EditorMethods, EditorEvents>((m) => void harness.post(m), handlers, { describeError: describeEditorError });
        host.emit('catalogue', buildCatalogue(registry, { llm: options.models ?? ['gpt-small', 'local-llama'], embedding: ['embed'] }, options.trusted ?? true));
        push();
      }
      const m = message as { kind?: string; method?: string };
      if (m.kind === 'request' && m.method) state.calls.push(m.method);
      return host.receive(message);
    },
  };
  return state;
}
