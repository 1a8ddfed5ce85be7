// The set-up every browser-harness suite shares (npm run build first): one headless chromium for the suite, and
// after each test no page error, console error or CSP violation in the webview it opened, which is then closed.
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../../integration/headlessChromium.mjs';
import { openWebviewHarness, type HarnessOptions, type WebviewHarness } from '../../webview/webviewHarness';

export interface BrowserHarnessSuite {
  /** The suite's chromium, for a helper that opens the harness itself (it must then `keep` it). */
  readonly browser: Browser;
  /** Opens a webview app in the suite's chromium, kept for the after-test check. */
  open(options: Omit<HarnessOptions, 'browser'>): Promise<WebviewHarness>;
  /** Checks and closes `harness` after the test (the last one kept). */
  keep(harness: WebviewHarness): WebviewHarness;
  /** The webview last opened or kept. */
  readonly harness: WebviewHarness;
}

/** Call inside a `describe`: registers the suite's hooks. */
export function browserHarnessSuite(): BrowserHarnessSuite {
  let browser: Browser | undefined;
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

  const suite: BrowserHarnessSuite = {
    get browser() {
      assert.ok(browser, 'chromium starts in the suite\'s before hook');
      return browser;
    },
    async open(options) {
      return suite.keep(await openWebviewHarness({ ...options, browser: suite.browser }));
    },
    keep(opened) {
      harness = opened;
      return opened;
    },
    get harness() {
      assert.ok(harness, 'open a webview first');
      return harness;
    },
  };
  return suite;
}
