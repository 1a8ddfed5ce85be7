import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { editorHarnessSuite, type EditorOpenOptions } from '../helpers/editorHarnessSuite';
import { waitUntil } from '../helpers/waitUntil';

// UI tests of the pipeline editor in chromium (npm run build first): the real host handlers on an in-memory document.
const START: PipelineFile = {
  version: 1,
  name: 'UI test',
  blocks: [{ id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Write about {{ topic }}' }, position: { x: 0, y: 150 } }],
  edges: [{ source: 'start', target: 'gen' }],
  layout: { start: { x: 84, y: 0 }, end: { x: 84, y: 500 } },
};

describe('pipeline editor webview (browser harness)', function () {
  this.timeout(60_000);
  const canvas = editorHarnessSuite();
  const open = (text = serializePipeline(START), host: EditorOpenOptions['host'] = {}, state?: unknown) => canvas.open(text, { host, state });

  const doc = () => JSON.parse(canvas.host.text) as PipelineFile;
  const drawn = () => canvas.host.waitRendered(canvas.host.version);

  it('draws Start, End and the blocks with badges and available fields', async () => {
    const page = await open();
    await page.waitForSelector('[data-testid=node-start]');
    await page.waitForSelector('[data-testid=node-end]');
    const block = page.locator('[data-testid=block-gen]');
    assert.match(await block.textContent() ?? '', /Text Generator/);
    assert.match(await block.textContent() ?? '', /user_prompt: Write about \{\{ topic \}\}/);
    assert.deepEqual(await block.locator('.dgf-field').allTextContents(), ['topic']);
    // gen has no path to End yet: yellow Not Connected, and the header says Invalid.
    assert.deepEqual(await block.locator('.dgf-badge').allTextContents(), ['Not Connected']);
    assert.match(await page.textContent('[data-testid=validity]') ?? '', /Invalid/);
  });

  it('palette: searchable, grouped by category; a block dropped on the canvas is added to the document', async () => {
    const page = await open();
    const categories = await page.locator('.dgf-palette-category').allTextContents();
    assert.deepEqual(categories.slice(0, 3), ['Seeders', 'Generators', 'Validators']);
    await page.locator('[data-testid=palette-search] input').fill('no such block');
    await page.waitForFunction(() => document.querySelectorAll('.dgf-palette-item').length === 0);
    assert.equal(await page.isVisible('text=No blocks found.'), true);
    await page.locator('[data-testid=palette-search] input').fill('valid');
    await page.waitForSelector('[data-testid=palette-JSONValidatorBlock]');
    assert.deepEqual(await page.locator('.dgf-palette-item .dgf-palette-type').allTextContents(), ['ValidatorBlock', 'JSONValidatorBlock']);
    await page.dragAndDrop('[data-testid=palette-ValidatorBlock]', '[data-testid=canvas]', { targetPosition: { x: 500, y: 300 } });
    await page.waitForSelector('[data-testid=block-validator_block]');
    assert.deepEqual(doc().blocks.map((b) => b.type), ['TextGenerator', 'ValidatorBlock']);
    assert.deepEqual(Object.keys(doc().blocks[1]), ['id', 'type', 'config', 'position']);
  });

  it('connects by dragging handle to handle; refuses a connection that breaks the rules and says why', async () => {
    const page = await open();
    await connect(page, '[data-testid=block-gen] .react-flow__handle-bottom', '[data-testid=node-end] .react-flow__handle-top');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 2);
    assert.deepEqual(doc().edges, [{ source: 'start', target: 'gen' }, { source: 'gen', target: 'end' }]);
    await page.waitForFunction(() => document.querySelector('[data-testid=block-gen] .dgf-badge') === null);
    await page.waitForSelector('[data-testid=validity]:has-text("Valid")');
    // Start → End past the block is refused with the core's reason; the document does not change.
    const before = canvas.host.text;
    await connect(page, '[data-testid=node-start] .react-flow__handle-bottom', '[data-testid=node-end] .react-flow__handle-top');
    await page.waitForSelector('[data-testid=notice]');
    // The reason is about the proposed connection, not an edge path in a file that never held it.
    const reason = (await page.textContent('[data-testid=notice]')) ?? '';
    assert.match(reason, /^Connecting Start → End would skip every block\./);
    assert.doesNotMatch(reason, /edges\[/);
    assert.equal(canvas.host.text, before);
  });

  it('the Delete key removes the selected block and its edges; Start and End stay', async () => {
    const page = await open();
    // Backspace while typing in a field of the webview edits the text, never the canvas.
    await page.click('[data-testid=block-gen] .dgf-block-name');
    await page.click('[data-testid=block-gen] [data-testid=gear]');
    const name = page.locator('[data-testid=block-name] input');
    await name.fill('ab');
    await name.press('Backspace');
    assert.equal(await name.inputValue(), 'a');
    assert.equal(await page.isVisible('[data-testid=block-gen]'), true);
    assert.equal(doc().blocks.length, 1);
    await page.click('[data-testid=block-gen] .dgf-block-name');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => !document.querySelector('[data-testid=block-gen]'));
    assert.deepEqual(doc().blocks, []);
    assert.deepEqual(doc().edges, []);
    await page.click('[data-testid=node-start]');
    await page.keyboard.press('Delete');
    await drawn();
    assert.equal(await page.isVisible('[data-testid=node-start]'), true);
  });

  it('config panel: widgets from the schema, required marked, defaults shown; a change clears Not Configured', async () => {
    const page = await open(serializePipeline({ ...START, blocks: [{ id: 'gen', type: 'StructuredGenerator', config: { user_prompt: 'About {{ topic }}' }, position: { x: 0, y: 150 } }] }));
    await page.waitForSelector('[data-testid=block-gen] .dgf-badge:has-text("Not Configured")');
    await page.click('[data-testid=block-gen] [data-testid=gear]');
    const panel = page.locator('[data-testid=config-panel]');
    await panel.waitFor();
    const widget = (name: string) => panel.locator(`[data-testid=field-${name}]`).getAttribute('data-widget');
    assert.equal(await widget('json_schema'), 'json-or-template');
    assert.equal(await widget('user_prompt'), 'template');
    assert.equal(await widget('temperature'), 'number');
    assert.equal(await widget('max_tokens'), 'number');
    assert.equal(await widget('model'), 'model');
    assert.match(await panel.locator('[data-testid=field-json_schema] > .dgf-config-label').textContent() ?? '', /\*/);
    assert.doesNotMatch(await panel.locator('[data-testid=field-temperature] > .dgf-config-label').textContent() ?? '', /\*/);
    assert.match(await panel.locator('[data-testid=field-temperature]').textContent() ?? '', /default: 0\.7/);
    // Model names come from the settings.
    const models = await panel.locator('[data-testid=field-model] vscode-option').allTextContents();
    assert.deepEqual(models.map((m) => m.trim()), ['(default model)', 'gpt-small', 'local-llama']);
    // Template variables: the available ones are listed, unknown ones flagged while typing.
    const prompt = panel.locator('[data-testid=field-user_prompt] textarea');
    assert.match(await panel.locator('[data-testid=field-user_prompt] .dgf-variables').textContent() ?? '', /\{\{ topic \}\}/);
    await prompt.fill('About {{ topic }} in {{ moood }}');
    await page.waitForSelector('[data-testid=unknown-variables]:has-text("moood")');
    await prompt.fill('About {{ topic }}');
    await page.waitForFunction(() => !document.querySelector('[data-testid=unknown-variables]'));
    // The required JSON value: valid JSON clears the red badge.
    const schema = panel.locator('[data-testid=field-json_schema] textarea');
    await schema.fill('{"type": "object"}');
    await schema.blur();
    await page.waitForFunction(() => !document.querySelector('[data-testid=block-gen] .dgf-badge.error'));
    assert.deepEqual(doc().blocks[0].config.json_schema, { type: 'object' });
    const temperature = panel.locator('[data-testid=field-temperature] input');
    await temperature.fill('0.2');
    await temperature.press('Enter');
    await waitUntil(() => doc().blocks[0].config.temperature === 0.2);
    await drawn();
    assert.equal(await panel.locator('[data-testid=field-temperature] input').inputValue(), '0.2');
  });

  it('JSON fields show inline errors and write only valid JSON; the template toggle writes a string', async () => {
    const page = await open(serializePipeline({ ...START, blocks: [{ id: 'gen', type: 'StructuredGenerator', config: {}, position: { x: 0, y: 150 } }] }));
    await page.click('[data-testid=block-gen] [data-testid=gear]');
    const field = page.locator('[data-testid=field-json_schema]');
    const box = field.locator('textarea');
    await box.fill('{"type": ');
    await page.waitForSelector('[data-testid=json-error]:has-text("Invalid JSON")');
    await box.blur();
    assert.deepEqual(doc().blocks[0].config, {});
    await box.fill('{"type": "object"}');
    await box.blur();
    await page.waitForFunction(() => !document.querySelector('[data-testid=json-error]'));
    await drawn();
    assert.deepEqual(doc().blocks[0].config.json_schema, { type: 'object' });
    await field.locator('vscode-checkbox').click();
    const template = field.locator('textarea');
    // As a person would: type once the template box shows the current value (the JSON as text); the toolkit's
    // text area takes a value given at mount a frame later, and a fill before that lands next to it.
    await page.waitForFunction(() => document.querySelector('[data-testid=field-json_schema] vscode-text-area')?.shadowRoot?.querySelector('textarea')?.value === '{"type":"object"}');
    await template.fill('{{ schema | tojson }}');
    await template.blur();
    await page.waitForFunction(() => document.querySelector('[data-testid=block-gen]')?.textContent?.includes('json_schema: {{ schema | tojson }}'));
    assert.equal(doc().blocks[0].config.json_schema, '{{ schema | tojson }}');
  });

  it('a text change reaches the canvas; view state keeps the open panel across a reload', async () => {
    const page = await open();
    canvas.host.setText(canvas.host.text.replace('"UI test"', '"Renamed in text"'));
    await drawn();
    await page.waitForFunction(() => (document.querySelector('[data-testid=pipeline-name]') as HTMLInputElement & { value: string }).value === 'Renamed in text');
    await page.click('[data-testid=block-gen] [data-testid=gear]');
    await page.click('.react-flow__controls-zoomout');
    await waitUntil(async () => ((await canvas.harness.viewState()) as { viewport?: unknown }).viewport !== undefined);
    await page.click('[data-testid=block-gen] .dgf-block-name');
    const state = (await canvas.harness.viewState()) as { configBlockId?: string; selected?: string[]; viewport: { x: number; y: number; zoom: number } };
    assert.equal(state.configBlockId, 'gen');
    assert.deepEqual(state.selected, ['gen']);
    assert.deepEqual(Object.keys(state).sort(), ['configBlockId', 'selected', 'viewport'], 'view state only, never the document');
    await canvas.harness.close();
    // Reloaded (a hidden webview is not kept alive): the same viewport, selection and open panel.
    const reopened = await open(canvas.host.text, {}, state);
    await reopened.waitForSelector('[data-testid=config-panel]');
    await reopened.waitForSelector('[data-testid=block-gen].selected');
    const transform = await reopened.locator('.react-flow__viewport').getAttribute('style');
    const scale = Number(/scale\(([\d.]+)\)/.exec(transform ?? '')?.[1]);
    assert.equal(scale.toFixed(3), state.viewport.zoom.toFixed(3), `${transform} keeps zoom ${state.viewport.zoom}`);
  });

  it('shows a malformed file with line and column and Reopen with Text Editor, never a blank page', async () => {
    const page = await open('{\n  "version": 1,\n  "name": "x",\n  "blocks": [\n');
    await page.waitForSelector('[data-testid=malformed]');
    assert.match(await page.textContent('[data-testid=malformed]') ?? '', /Line \d+, column \d+/);
    await page.click('[data-testid=reopen-text]');
    await waitUntil(() => canvas.host.calls.includes('reopenAsText'));
    // Fixed in the text editor: the canvas comes back.
    canvas.host.setText(serializePipeline(START));
    await page.waitForSelector('[data-testid=block-gen]');
  });

  it('edits the constraints: a number sets one, empty removes it (unlimited)', async () => {
    const page = await open();
    await page.click('[data-testid=toggle-constraints]');
    const tokens = page.locator('[data-testid=constraint-max_total_tokens] input');
    await tokens.fill('5000');
    await tokens.press('Enter');
    await waitUntil(() => doc().constraints?.max_total_tokens === 5000);
    await drawn();
    await tokens.fill('');
    await tokens.press('Enter');
    await waitUntil(() => doc().constraints?.max_total_tokens === undefined);
  });

  // mirrors tests/blocks/test_ragas_metrics.py::TestRagasMetricsInit::test_threshold_clamped_high / _low: the
  // original clamps score_threshold into 0..1; here the file stays invalid, and the canvas offers the clamped value.
  it('offers the clamped score_threshold as a fix: one click writes it through a configure edit and the error goes', async () => {
    const ragas = (threshold: number): PipelineFile => ({
      ...START,
      blocks: [{ id: 'ragas', type: 'RagasMetrics', config: { score_threshold: threshold }, position: { x: 0, y: 150 } }],
      edges: [{ source: 'start', target: 'ragas' }, { source: 'ragas', target: 'end' }],
    });
    const page = await open(serializePipeline(ragas(1.5)));
    await page.waitForSelector('[data-testid=validity]:has-text("Invalid")');
    // In the problem list (header) and in the block's config panel, each with the same button.
    await page.click('[data-testid=validity]');
    const listed = page.locator('[data-testid=problems] [data-testid=problem-fix]');
    assert.equal(await listed.count(), 1);
    assert.equal((await listed.textContent())?.trim(), 'Set score_threshold to 1');
    await page.click('[data-testid=validity]');
    await page.click('[data-testid=block-ragas] [data-testid=gear]');
    const panel = page.locator('[data-testid=config-panel]');
    assert.match(await panel.locator('.dgf-config-problems').textContent() ?? '', /score_threshold must be <= 1, found 1\.5/);
    const callsBefore = canvas.host.calls.length;
    await panel.locator('[data-testid=problem-fix]').click();
    await waitUntil(() => doc().blocks[0].config.score_threshold === 1);
    assert.deepEqual(canvas.host.calls.slice(callsBefore).filter((c) => c !== 'rendered'), ['edit'], 'an ordinary edit request');
    await drawn();
    await page.waitForSelector('[data-testid=validity]:has-text("Valid")');
    assert.equal(await page.locator('[data-testid=problem-fix]').count(), 0);
    assert.equal(await panel.locator('[data-testid=field-score_threshold] input').inputValue(), '1');

    // Below the range: the fix is the lower bound, taken here from the file-errors banner.
    canvas.host.setText(serializePipeline(ragas(-0.5)));
    await drawn();
    await page.locator('[data-testid=file-errors] [data-testid=problem-fix]:has-text("Set score_threshold to 0")').click();
    await waitUntil(() => doc().blocks[0].config.score_threshold === 0);
  });

  it('selects a block and opens its config when the host asks (trace → source)', async () => {
    const two: PipelineFile = {
      ...START,
      blocks: [...START.blocks, { id: 'other', type: 'TextGenerator', config: { user_prompt: 'More on {{ assistant }}' }, position: { x: 0, y: 320 } }],
      edges: [{ source: 'start', target: 'gen' }, { source: 'gen', target: 'other' }, { source: 'other', target: 'end' }],
    };
    const page = await open(serializePipeline(two));
    canvas.host.selectBlock('other');
    await page.waitForSelector('.react-flow__node.selected [data-testid=block-other]');
    assert.equal(await page.locator('.react-flow__node.selected').count(), 1);
    await page.locator('[data-testid=config-panel]').waitFor();
    assert.match(await page.locator('[data-testid=config-panel]').textContent() ?? '', /other/);
  });

  it('disables Generate in Restricted Mode with an explanation', async () => {
    const page = await open(undefined, { trusted: false });
    await page.waitForSelector('[data-testid=generate][disabled]');
    assert.match((await page.getAttribute('[data-testid=generate]', 'title')) ?? '', /Restricted Mode/);
  });
});

async function connect(page: Page, from: string, to: string): Promise<void> {
  const a = await page.locator(from).boundingBox();
  const b = await page.locator(to).boundingBox();
  assert.ok(a && b, 'both handles are on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}
