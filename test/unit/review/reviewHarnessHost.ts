// Plays the VS Code side of the Review panel around the browser harness: the real ReviewService and protocol
// handlers over a real WorkspaceStore, dialogs answered by the test, and the keybinding hop emulated — a key
// pressed in the page reaches the host (as VS Code forwards webview keydowns to its keybinding service), which
// runs the review command only when the `when` clause would hold (no text input focused), by posting the `command`
// event back, as the registered command does.
import type { Browser } from 'playwright-core';
import { ReviewService } from '../../../src/core/review/reviewService';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { RpcHost } from '../../../src/host/rpcHost';
import { createReviewHandlers, type ReviewHostActions } from '../../../src/review/reviewHandlers';
import type { ReviewBoot, ReviewEvents, ReviewKeyCommand, ReviewMethods, ReviewViewState } from '../../../src/shared/reviewProtocol';
import type { HarnessTheme } from '../../webview/themeVariables';
import { openWebviewHarness, type WebviewHarness } from '../../webview/webviewHarness';

/** The contributed keybindings (package.json), key → command. */
export const REVIEW_KEYS: Record<string, ReviewKeyCommand> = { a: 'accept', r: 'reject', u: 'setPending', e: 'edit', n: 'next', p: 'previous', 'ctrl+z': 'undo' };

export interface ReviewHarness {
  harness: WebviewHarness;
  host: RpcHost<ReviewMethods, ReviewEvents>;
  service: ReviewService;
  /** What the webview last said about text-input focus (the context key). */
  inputFocused(): boolean;
  /** Commands the emulated keybinding service ran. */
  commands: ReviewKeyCommand[];
  /** Requests in arrival order, with when they arrived and were answered (epoch ms, as performance.timeOrigin). */
  requests: { method: string; receivedAt: number; repliedAt?: number }[];
  /** Presses a key in the page, as a user would. */
  press(key: string): Promise<void>;
}

export interface ReviewHarnessOptions {
  store: WorkspaceStore;
  boot?: ReviewBoot;
  state?: Partial<ReviewViewState>;
  theme?: HarnessTheme;
  browser?: Browser;
  viewport?: { width: number; height: number };
  actions?: Partial<ReviewHostActions>;
  /** Where review.js is (default dist/webview): the benchmark passes a production build. */
  distDir?: string;
}

export async function openReviewHarness(options: ReviewHarnessOptions): Promise<ReviewHarness> {
  const service = new ReviewService(() => options.store);
  let focused = false;
  const commands: ReviewKeyCommand[] = [];
  const requests: ReviewHarness['requests'] = [];
  const actions: ReviewHostActions = {
    exportJsonl: async () => null,
    deleteAll: async () => ({ deleted: false, records: 0 }),
    openDiff: async () => undefined,
    inputFocus: (f) => {
      focused = f;
    },
    ...options.actions,
  };
  let host!: RpcHost<ReviewMethods, ReviewEvents>;
  const keydown = (key: string) => {
    const command = REVIEW_KEYS[key];
    // The `when` clause: the panel is active and no text input has focus.
    if (!command || focused) return;
    commands.push(command);
    host.emit('command', { command });
  };
  const harness = await openWebviewHarness({
    app: 'review',
    boot: options.boot ?? {},
    state: options.state ?? null,
    theme: options.theme,
    browser: options.browser,
    viewport: options.viewport,
    ...(options.distDir ? { distDir: options.distDir } : {}),
    onMessage: (m, h) => {
      host ??= new RpcHost<ReviewMethods, ReviewEvents>((msg) => void h.post(msg), createReviewHandlers(service, actions));
      const message = m as { kind?: string; method?: string; key?: string };
      if (message.kind === 'keydown' && typeof message.key === 'string') return keydown(message.key);
      if (message.kind !== 'request' || !message.method) return host.receive(m);
      const entry: ReviewHarness['requests'][number] = { method: message.method, receivedAt: Date.now() };
      requests.push(entry);
      return host.receive(m).then(() => {
        entry.repliedAt = Date.now();
      });
    },
  });
  // VS Code's webview forwards every keydown to the workbench; here the page forwards it to the emulated host
  // (now, and after any reload).
  const forwardKeys = `document.addEventListener('keydown', (e) => {
    const key = (e.ctrlKey ? 'ctrl+' : '') + e.key.toLowerCase();
    window.__dgfKeyAt = performance.now();
    void window.__dgfToHost({ kind: 'keydown', key });
  }, true)`;
  await harness.page.addInitScript(forwardKeys);
  await harness.page.evaluate(forwardKeys);
  return {
    harness,
    get host() {
      return host;
    },
    service,
    inputFocused: () => focused,
    commands,
    requests,
    press: (key) => harness.page.keyboard.press(key),
  };
}
