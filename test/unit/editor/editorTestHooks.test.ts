import assert from 'node:assert/strict';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { browserHarnessSuite } from '../helpers/browserHarnessSuite';
import { waitUntil } from '../helpers/waitUntil';
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
  const webviews = browserHarnessSuite();

  it('a page booted as in production draws every snapshot and reports none of them', async () => {
    const host = createEditorTestHost(serializePipeline(PIPELINE));
    const { page } = await webviews.open({ app: 'editor', boot: { fileName: 'test.dgf.json' }, onMessage: host.onMessage });
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
    await webviews.open({ app: 'editor', boot: host.boot, onMessage: host.onMessage });
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
