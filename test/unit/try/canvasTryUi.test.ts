import assert from 'node:assert/strict';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import type { TryRecord } from '../../../src/core/try/tryTypes';
import { canvasTryResults } from '../../../src/try/canvasTryResults';
import { editorHarnessSuite } from '../helpers/editorHarnessSuite';
import { waitUntil } from '../helpers/waitUntil';

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
  const canvas = editorHarnessSuite();
  const open = () => canvas.open(serializePipeline(PIPELINE));

  it("puts each block's output, duration and tokens on its node as the try goes, the running block marked; the header's Try asks the host", async () => {
    const page = await open();
    canvas.host.emit('tryResults', canvasTryResults(record('running'), 'answer'));
    await page.waitForSelector('[data-testid=try-ask]:has-text("Owls hunt at night.")');
    assert.match(await page.locator('[data-testid=try-ask]').innerText(), /1\.2 s · 12 → 5 tokens/);
    assert.match(await page.locator('[data-testid=try-answer]').innerText(), /trying Seed 3/);
    const failed = record('failed');
    failed.blocks.push({ blockId: 'answer', blockType: 'TextGenerator', startedAt: new Date(0).toISOString(), durationMs: 3, output: null, error: { message: "undefined variable 'x'", blockId: 'answer', field: 'user_prompt', line: 2 } });
    canvas.host.emit('tryResults', canvasTryResults(failed));
    await page.waitForSelector('[data-testid=try-answer]:has-text("user_prompt, line 2: undefined variable \'x\'")');
    await page.click('[data-testid=try-seed]');
    await waitUntil(() => canvas.host.calls.includes('trySeed'));
  });
});
