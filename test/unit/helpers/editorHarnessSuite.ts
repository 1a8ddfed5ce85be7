// The set-up every browser-harness suite of the pipeline editor shares (npm run build first): browserHarnessSuite,
// and per test the canvas app on a test host (src/editor's real handlers on an in-memory document).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { HarnessOptions, WebviewHarness } from '../../webview/webviewHarness';
import { createEditorTestHost, type EditorTestHost } from '../editor/editorTestHost';
import { browserHarnessSuite } from './browserHarnessSuite';

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
  const webviews = browserHarnessSuite();
  let host: EditorTestHost | undefined;
  return {
    async open(text, options = {}) {
      host = createEditorTestHost(text, options.host);
      const harness = await webviews.open({ app: 'editor', boot: host.boot, onMessage: host.onMessage, state: options.state, viewport: options.viewport });
      await host.waitRendered(1);
      return harness.page;
    },
    get host() {
      assert.ok(host, 'open() the canvas first');
      return host;
    },
    get harness() {
      return webviews.harness;
    },
  };
}
