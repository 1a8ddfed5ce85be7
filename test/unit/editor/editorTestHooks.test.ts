import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../../integration/headlessChromium.mjs';
import { openWebviewHarness, type WebviewHarness } from '../../webview/webviewHarness';
import { createEditorTestHost } from './editorTestHost';

const PIPELINE: PipelineFile = {
  version: 1,
  name: 'Hooks',
  blocks: [{ id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Write about {{ topic }}' }, position: { x: 0, y: 150 } }],
  edges: [
    { source: 'start', target: 'gen' },
    { source: 'gen', target: 'end' },
  ],
  layout: { start: { x: 84, y: 0 }, end: { x: 84, y: 500 } },
};

const withSecondBlock: PipelineFile = {
  ...PIPELINE,
  blocks: [...PIPELINE.blocks, { id: 'check', type: 'JSONValidatorBlock', config: {}, position: { x: 0, y: 300 } }],
};

// The `rendered` request is a test hook: the webview sends it only when its boot data asks (a host in
// ExtensionMode.Test, the harness); a production host's page does not ask and does not handle it.
describe('pipeline editor test hooks (browser harness)', function () {
  this.timeout(60_000);
  let browser: Browser;
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

  it('a page booted as in production draws every snapshot and reports none of them', async () => {
    const host = createEditorTestHost(serializePipeline(PIPELINE));
    harness = await openWebviewHarness({ app: 'editor', browser, boot: { fileName: 'test.dgf.json' }, onMessage: host.onMessage });
    const page = harness.page;
    await page.waitForSelector('[data-testid=block-gen]');
    host.setText(serializePipeline(withSecondBlock));
    await page.waitForSelector('[data-testid=block-check]');
    // Messages reach the host in the order the page posts them: a report of either drawing would come before this.
    await page.click('[data-testid=generate]');
    await waitUntil(() => host.calls.includes('generate'));
    assert.deepEqual(host.rendered, []);
    assert.ok(!host.calls.includes('rendered'), host.calls.join(', '));
  });

  it('a page booted by a test host reports each snapshot it drew', async () => {
    const host = createEditorTestHost(serializePipeline(PIPELINE));
    harness = await openWebviewHarness({ app: 'editor', browser, boot: host.boot, onMessage: host.onMessage });
    await host.waitRendered(1);
    host.setText(serializePipeline(withSecondBlock));
    await host.waitRendered(2);
    assert.deepEqual(
      host.rendered.map((r) => r.version),
      [1, 2],
    );
    assert.equal(host.rendered.at(-1)?.nodes, 4, 'Start, two blocks and End');
  });
});

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check());
}
