// Plays the VS Code side of the Review panel around the browser harness: the real ReviewService and protocol
// handlers over a real WorkspaceStore, dialogs answered by the test, and the keybinding hop emulated — a key
// pressed in the page reaches the host (as VS Code forwards webview keydowns to its keybinding service), which runs
// the review command when the `when` clause holds (the context key the webview sets is off) through the panel's
// real ReviewKeyRelay: the command goes to the webview, which decides and answers. `staleContext` plays the race
// of issue 11: the context key arrives after the keystroke, so every review key reaches the webview as a command.
// Like VS Code's webviews, the page blocks the browser's own undo and the host sends it back when no review command
// claims Ctrl+Z.
import type { Browser } from 'playwright-core';
import { ReviewService } from '../../../src/core/review/reviewService';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { RpcHost } from '../../../src/host/rpcHost';
import { createReviewHandlers, type ReviewHostActions } from '../../../src/review/reviewHandlers';
import { ReviewKeyRelay, type ReviewKeyResult } from '../../../src/review/reviewKeyRelay';
import type { ReviewBoot, ReviewEvents, ReviewKeyCommand, ReviewMethods, ReviewViewState } from '../../../src/shared/reviewProtocol';
import type { HarnessTheme } from '../../webview/themeVariables';
import { openWebviewHarness, type WebviewHarness } from '../../webview/webviewHarness';

/** The contributed keybindings (package.json), key → command. */
export const REVIEW_KEYS: Record<string, ReviewKeyCommand> = { a: 'accept', r: 'reject', u: 'setPending', e: 'edit', n: 'next', p: 'previous', 'ctrl+z': 'undo' };

export interface ReviewHarness {
  harness: WebviewHarness;
  host: RpcHost<ReviewMethods, ReviewEvents>;
  service: ReviewService;
  /** What the webview last said about the review keys (the context key): off while typing or a form is open. */
  keysOff(): boolean;
  /** Commands the emulated keybinding service ran. */
  commands: ReviewKeyCommand[];
  /** What each command came to (the webview's answer), in the order they were answered. */
  outcomes: { command: ReviewKeyCommand; result: ReviewKeyResult }[];
  /** Resolves once every command run so far has been answered. */
  commandsAnswered(): Promise<void>;
  /** Holds everything the host posts to the page (a busy extension host) until resumeHost(). */
  pauseHost(): void;
  resumeHost(): Promise<void>;
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
  /** The emulated keybinding service never sees the context key in time: every review key becomes a command. */
  staleContext?: boolean;
}

export async function openReviewHarness(options: ReviewHarnessOptions): Promise<ReviewHarness> {
  const service = new ReviewService(() => options.store);
  let keysOff = false;
  const commands: ReviewKeyCommand[] = [];
  const outcomes: ReviewHarness['outcomes'] = [];
  const inFlight: Promise<unknown>[] = [];
  const requests: ReviewHarness['requests'] = [];
  let host!: RpcHost<ReviewMethods, ReviewEvents>;
  const relay = new ReviewKeyRelay((payload) => host.emit('command', payload), () => host.isReady);
  const actions: ReviewHostActions = {
    exportJsonl: async () => null,
    deleteAll: async () => ({ deleted: false, records: 0 }),
    openDiff: async () => undefined,
    goToSource: async () => undefined,
    keysOff: (off) => {
      keysOff = off;
    },
    commandOutcome: (id, outcome) => relay.settle(id, outcome),
    ...options.actions,
  };
  // The page's channel: held while the test plays a busy extension host, then delivered in order.
  let paused: unknown[] | undefined;
  let harness!: WebviewHarness;
  const post = async (message: unknown) => {
    if (paused) paused.push(message);
    else await harness.post(message);
  };
  const keydown = (key: string) => {
    const command = REVIEW_KEYS[key];
    // The `when` clause: the panel is active and the review keys are not off (unless the context key is late).
    if (command && (options.staleContext || !keysOff)) {
      commands.push(command);
      inFlight.push(relay.run(command).then((result) => outcomes.push({ command, result })));
      return;
    }
    // No review command took Ctrl+Z: VS Code's own Undo runs, which sends the webview an `undo` execCommand.
    if (key === 'ctrl+z') void post({ __harnessExecCommand: 'undo' });
  };
  harness = await openWebviewHarness({
    app: 'review',
    boot: options.boot ?? {},
    state: options.state ?? null,
    theme: options.theme,
    browser: options.browser,
    viewport: options.viewport,
    ...(options.distDir ? { distDir: options.distDir } : {}),
    onMessage: (m, h) => {
      // Messages come while the page loads, before openWebviewHarness has returned.
      harness ??= h;
      host ??= new RpcHost<ReviewMethods, ReviewEvents>((msg) => void post(msg), createReviewHandlers(service, actions));
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
  // VS Code's webview forwards every keydown to the workbench (blocking the browser's undo/redo, which the workbench
  // sends back as an execCommand); here the page forwards it to the emulated host (now, and after any reload).
  const forwardKeys = `(() => {
    document.addEventListener('keydown', (e) => {
      const key = (e.ctrlKey ? 'ctrl+' : '') + (e.shiftKey && e.ctrlKey ? 'shift+' : '') + e.key.toLowerCase();
      if (e.ctrlKey && ['z', 'y'].includes(e.key.toLowerCase())) e.preventDefault();
      window.__dgfKeyAt = performance.now();
      void window.__dgfToHost({ kind: 'keydown', key });
    }, true);
    window.addEventListener('message', (e) => {
      if (e.data && e.data.__harnessExecCommand) document.execCommand(e.data.__harnessExecCommand);
    });
  })()`;
  await harness.page.addInitScript(forwardKeys);
  await harness.page.evaluate(forwardKeys);
  return {
    harness,
    get host() {
      return host;
    },
    service,
    keysOff: () => keysOff,
    commands,
    outcomes,
    commandsAnswered: async () => {
      await Promise.all(inFlight);
    },
    pauseHost: () => {
      paused ??= [];
    },
    resumeHost: async () => {
      const held = paused ?? [];
      paused = undefined;
      for (const m of held) await harness.post(m);
    },
    requests,
    press: (key) => harness.page.keyboard.press(key),
  };
}
