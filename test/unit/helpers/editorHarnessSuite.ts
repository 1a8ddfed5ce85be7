// The set-up every browser-harness suite of the pipeline editor shares (npm run build first): one headless chromium
// for the suite; per test, the canvas app on a test host (src/editor's real handlers on an in-memory document); after
// each test, no page error, console error or CSP violation, and the page closed.
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../../integration/headlessChromium.mjs';
import { openWebviewHarness, type HarnessOptions, type WebviewHarness } from '../../webview/webviewHarness';
import { createEditorTestHost, type EditorTestHost } from '../editor/editorTestHost';

export interface EditorOpenOptions {
  /** The test host's block registry, trust and models. */
  host?: Parameters<typeof createEditorTestHost>[1];
  /** What getState() returns at first (a reloaded canvas). */
  state?: unknown;
  viewport?: HarnessOptions['viewport'];
}

export interface EditorHarnessSuite {
  /** Opens the canvas on `text` and resolves once it has drawn the first snapshot. */
  open(text: string, options?: EditorOpenOptions): Promise<Page>;
  /** The host and the harness of the canvas last opened. */
  readonly host: EditorTestHost;
  readonly harness: WebviewHarness;
}

/** Call inside a `describe`: registers the suite's hooks and answers what its tests open. */
export function editorHarnessSuite(): EditorHarnessSuite {
  let browser: Browser;
  let host: EditorTestHost | undefined;
  let harness: WebviewHarness | undefined;

  before(async () => {
    browser = await launchHeadlessChromium();
  });
  after(async () => browser?.close());
  afterEach(async () => {
    if (harness) assert.deepEqual(harness.errors, []);
    await harness?.close();
    harness = undefined;
  });

  return {
    async open(text, options = {}) {
      host = createEditorTestHost(text, options.host);
      harness = await openWebviewHarness({ app: 'editor', browser, boot: host.boot, onMessage: host.onMessage, state: options.state, viewport: options.viewport });
      await host.waitRendered(1);
      return harness.page;
    },
    get host() {
      assert.ok(host, 'open() the canvas first');
      return host;
    },
    get harness() {
      assert.ok(harness, 'open() the canvas first');
      return harness;
    },
  };
}
