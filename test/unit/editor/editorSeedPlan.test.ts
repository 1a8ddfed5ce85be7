import assert from 'node:assert/strict';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { editorHarnessSuite } from '../helpers/editorHarnessSuite';
import { waitUntil } from '../helpers/waitUntil';

// UI tests (chromium, npm run build first) of the canvas header's seed chooser and plan, and of template completion
// in prompt fields: the real host handlers on an in-memory document, the host's events posted by the test.
const PIPELINE: PipelineFile = {
  version: 1,
  name: 'Seed and plan',
  blocks: [{ id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Write about' }, position: { x: 0, y: 150 } }],
  edges: [
    { source: 'start', target: 'gen' },
    { source: 'gen', target: 'end' },
  ],
  layout: { start: { x: 84, y: 0 }, end: { x: 84, y: 500 } },
};

describe('pipeline editor webview: seed file, plan and template completion (browser harness)', function () {
  this.timeout(60_000);
  const canvas = editorHarnessSuite();
  const open = () => canvas.open(serializePipeline(PIPELINE));

  const prompt = () => (JSON.parse(canvas.host.text) as PipelineFile).blocks[0].config.user_prompt;

  it('header: the seed file (or No seed file) runs Choose Seed File when clicked; the plan, its tooltip, planning and unavailable', async () => {
    const page = await open();
    const seed = page.locator('[data-testid=seed-file]');
    assert.equal((await seed.textContent())?.trim(), 'No seed file');
    await seed.click();
    await waitUntil(() => canvas.host.calls.includes('chooseSeedFile'));

    canvas.host.emit('seedFile', { path: 'seeds/topics.json' });
    await page.waitForSelector('[data-testid=seed-file]:has-text("topics.json")');
    assert.match((await seed.getAttribute('title')) ?? '', /seeds\/topics\.json/);

    const plan = page.locator('[data-testid=plan]');
    canvas.host.emit('plan', { state: 'planning', seedFile: 'seeds/topics.json' });
    await page.waitForSelector('[data-testid=plan][data-state=planning]');
    assert.equal((await plan.textContent())?.trim(), 'planning…');

    const details = ['Plan for seeds/topics.json: 40 unit(s) from 40 seed(s)', 'gen (TextGenerator): 40 calls · 12,000 input + 8,000 output tokens · $0.03', 'Note: Model m has no price.'];
    canvas.host.emit('plan', { state: 'ready', seedFile: 'seeds/topics.json', summary: '~40 calls · ~20k tokens · ~$0.03 · ~1:05', details });
    await page.waitForSelector('[data-testid=plan][data-state=ready]');
    assert.equal(await plan.textContent(), '~40 calls · ~20k tokens · ~$0.03 · ~1:05');
    assert.equal(await plan.getAttribute('title'), details.join('\n'));

    canvas.host.emit('plan', { state: 'unavailable', seedFile: 'seeds/topics.json', reason: 'The pipeline has 1 error(s): gen has no model.' });
    await page.waitForSelector('[data-testid=plan][data-state=unavailable]');
    assert.equal((await plan.textContent())?.trim(), 'plan unavailable');
    assert.equal(await plan.getAttribute('title'), 'The pipeline has 1 error(s): gen has no model.');
  });

  it('prompt field: {{ lists the fields at the block with their origin; Up/Down, Enter inserts {{ name }}; Escape closes', async () => {
    const page = await open();
    canvas.host.emit('fields', {
      version: 1,
      blocks: {
        gen: [
          { name: 'topic', origin: 'seed field · seeds/topics.json' },
          { name: 'tone', origin: 'seed field · seeds/topics.json' },
          { name: 'audience', origin: 'seed field · seeds/topics.json' },
        ],
      },
    });
    await page.click('[data-testid=block-gen] [data-testid=gear]');
    const area = page.locator('[data-testid=field-user_prompt] textarea');
    await area.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' {{');
    const list = page.locator('[data-testid=template-completion]');
    await list.waitFor();
    assert.deepEqual(await list.locator('li code').allTextContents(), ['topic', 'tone', 'audience']);
    assert.deepEqual(await list.locator('.dgf-completion-origin').allTextContents(), ['seed field · seeds/topics.json', 'seed field · seeds/topics.json', 'seed field · seeds/topics.json']);

    await page.keyboard.type(' t');
    await waitUntil(async () => (await list.locator('li code').allTextContents()).join() === 'topic,tone');
    await page.keyboard.press('ArrowDown');
    assert.equal(await list.locator('li[aria-selected=true] code').textContent(), 'tone');
    await page.keyboard.press('ArrowDown');
    assert.equal(await list.locator('li[aria-selected=true] code').textContent(), 'topic', 'Down wraps around');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await waitUntil(() => prompt() === 'Write about {{ tone }}');
    assert.equal(await list.count(), 0);
    assert.equal(await area.inputValue(), 'Write about {{ tone }}', 'Enter inserted the field, not a new line');

    // Typing goes on after the inserted }}; Escape closes the list and leaves the text as typed.
    await page.keyboard.type(' for {{ au');
    await list.waitFor();
    assert.deepEqual(await list.locator('li code').allTextContents(), ['audience']);
    await page.keyboard.press('Escape');
    await waitUntil(async () => (await list.count()) === 0);
    assert.equal(await area.inputValue(), 'Write about {{ tone }} for {{ au');
    await page.locator('[data-testid=config-panel]').waitFor();
  });

  it('prompt field: keys typed while the document is still applying an inserted completion are kept', async () => {
    const page = await open();
    canvas.host.emit('fields', { version: 1, blocks: { gen: [{ name: 'tone', origin: 'seed field · seeds/topics.json' }] } });
    await page.click('[data-testid=block-gen] [data-testid=gear]');
    const area = page.locator('[data-testid=field-user_prompt] textarea');
    await area.click();
    await page.keyboard.press('Control+End');
    // A slow extension host: the edit of the inserted completion comes back after the user typed on.
    canvas.host.editDelayMs = 400;
    await page.keyboard.type(' {{ to');
    await page.locator('[data-testid=template-completion]').waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type(' and more');
    await waitUntil(() => prompt() === 'Write about {{ tone }}');
    await canvas.host.waitRendered(canvas.host.version);
    assert.equal(await area.inputValue(), 'Write about {{ tone }} and more', 'the echo of the insert did not take the typed text back');
    canvas.host.editDelayMs = 0;
    // A change from elsewhere (the text editor, undo) still replaces the field's text.
    const changed = JSON.parse(canvas.host.text) as PipelineFile;
    changed.blocks[0].config.user_prompt = 'Rewritten in the text editor';
    canvas.host.setText(serializePipeline(changed));
    await waitUntil(async () => (await area.inputValue()) === 'Rewritten in the text editor');
  });
});
