import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import type { TryRecord } from '../../../src/core/try/tryTypes';
import { canvasTryResults } from '../../../src/try/canvasTryResults';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../../integration/headlessChromium.mjs';
import { openWebviewHarness, type WebviewHarness } from '../../webview/webviewHarness';
import { createEditorTestHost, type EditorTestHost } from '../editor/editorTestHost';

const PIPELINE: PipelineFile = {
  version: 1,
  name: 'Try on canvas',
  blocks: [
    { id: 'ask', type: 'TextGenerator', config: { user_prompt: 'Q about {{ topic }}' }, position: { x: 0, y: 150 } },
    { id: 'answer', type: 'TextGenerator', config: { user_prompt: 'A: {{ assistant }}' }, position: { x: 0, y: 300 } },
  ],
  edges: [
    { source: 'start', target: 'ask' },
    { source: 'ask', target: 'answer' },
    { source: 'answer', target: 'end' },
  ],
};

const record = (status: TryRecord['status']): TryRecord => ({
  id: 't1',
  pipelineName: 'p',
  seedIndex: 2,
  seedLabel: 'Seed 3',
  startedAt: new Date(0).toISOString(),
  durationMs: 0,
  status,
  input: { topic: 'owls' },
  blocks: [{ blockId: 'ask', blockType: 'TextGenerator', startedAt: new Date(0).toISOString(), durationMs: 1234, output: { assistant: 'Owls hunt at night.' }, usage: { input_tokens: 12, output_tokens: 5, cached_tokens: 0 } }],
  output: null,
  usage: { input_tokens: 12, output_tokens: 5, cached_tokens: 0 },
});

describe('canvas nodes show the last try (browser harness)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let harness: WebviewHarness | undefined;
  let host: EditorTestHost;
  before(async () => {
    browser = await launchHeadlessChromium();
  });
  after(async () => browser?.close());
  afterEach(async () => {
    if (harness) assert.deepEqual(harness.errors, []);
    await harness?.close();
    harness = undefined;
  });

  async function open(): Promise<Page> {
    host = createEditorTestHost(serializePipeline(PIPELINE));
    harness = await openWebviewHarness({ app: 'editor', browser, boot: host.boot, onMessage: host.onMessage });
    await host.waitRendered(1);
    return harness.page;
  }

  it("puts each block's output, duration and tokens on its node as the try goes, the running block marked; the header's Try asks the host", async () => {
    const page = await open();
    host.emit('tryResults', canvasTryResults(record('running'), 'answer'));
    await page.waitForSelector('[data-testid=try-ask]:has-text("Owls hunt at night.")');
    assert.match(await page.locator('[data-testid=try-ask]').innerText(), /1\.2 s · 12 → 5 tokens/);
    assert.match(await page.locator('[data-testid=try-answer]').innerText(), /trying Seed 3/);
    const failed = record('failed');
    failed.blocks.push({ blockId: 'answer', blockType: 'TextGenerator', startedAt: new Date(0).toISOString(), durationMs: 3, output: null, error: { message: "undefined variable 'x'", blockId: 'answer', field: 'user_prompt', line: 2 } });
    host.emit('tryResults', canvasTryResults(failed));
    await page.waitForSelector('[data-testid=try-answer]:has-text("user_prompt, line 2: undefined variable \'x\'")');
    await page.click('[data-testid=try-seed]');
    const end = Date.now() + 5000;
    while (!host.calls.includes('trySeed') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    assert.ok(host.calls.includes('trySeed'));
  });
});
