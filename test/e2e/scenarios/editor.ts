// e. The pipeline editor: New Pipeline from Template opens the canvas; a block dragged from the palette shows its
// badges, is connected and configured until they clear; Ctrl+S saves the JSON, Ctrl+Z undoes through VS Code;
// light and dark themes; a malformed file shows its error with Reopen with Text Editor.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { check, type Scenario } from '../scenarioTypes';
import { clearNotifications, explorerRow, openActivity, pickItem, runCommand, UI_TIMEOUT_MS, webviewFrame } from '../workbench';

const FILE = 'data_augmentation.dgf.json';
const BROKEN = 'broken.dgf.json';

/** Drags from one handle to another with the mouse, as a person connects two nodes. */
async function dragHandle(page: Page, frame: Frame, from: string, to: string): Promise<void> {
  const a = await frame.locator(from).boundingBox();
  const b = await frame.locator(to).boundingBox();
  check(a !== null && b !== null, `both handles are on screen (${from}, ${to})`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 8 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Waits until the element stops moving (layout and fit-view animations are over). */
async function settled(frame: Frame, selector: string): Promise<void> {
  let last = '';
  let still = 0;
  const end = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < end && still < 4) {
    await frame.page().waitForTimeout(150);
    const box = JSON.stringify(await frame.locator(selector).boundingBox());
    still = box === last ? still + 1 : 0;
    last = box;
  }
}

async function waitForFile(path: string, ok: (text: string) => boolean): Promise<void> {
  const end = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < end) {
    if (ok(readFileSync(path, 'utf8'))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${path} did not get the expected content`);
}

async function badges(frame: Frame, id: string): Promise<string[]> {
  return (await frame.locator(`[data-testid=block-${id}] .dgf-badge`).allInnerTexts()).map((t) => t.trim());
}

async function waitBadges(frame: Frame, id: string, expected: string[]): Promise<void> {
  const end = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < end) {
    if (JSON.stringify(await badges(frame, id)) === JSON.stringify(expected)) return;
    await frame.page().waitForTimeout(100);
  }
  throw new Error(`block ${id} shows badges ${JSON.stringify(await badges(frame, id))}, expected ${JSON.stringify(expected)}`);
}

export const editorScenario: Scenario = {
  id: 'e-editor',
  title: 'The pipeline editor: template, palette drag, connect, configure, save, undo, themes, malformed file',
  async run({ page, workspace, shots, log }) {
    await clearNotifications(page);
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'DataGenFlow: New Pipeline from Template');
    await pickItem(page, 'Template to start from', 'Data Augmentation');
    await pickItem(page, /where to write/, /workspace root/);
    const frame = await webviewFrame(page, '[data-testid=editor]');
    await frame.locator('[data-testid=block-dedupe]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.editor-group-container .tab.active', { hasText: FILE }).waitFor({ timeout: UI_TIMEOUT_MS });
    check((await frame.locator('[data-testid=validity]').innerText()).includes('Valid'), 'the template is valid');
    await clearNotifications(page);
    // Screenshots are named after the theme they show; the scenario shows both.
    const first = (await page.locator('.monaco-workbench.vs-dark').count()) > 0 ? 'dark' : 'light';
    const second = first === 'dark' ? 'light' : 'dark';
    await shots.window(`e1-canvas-${first}`);

    // Drag Structured Generator from the palette onto the empty canvas to the right of the pipeline.
    await frame.locator('[data-testid=palette-search] input').fill('structured');
    const source = frame.locator('[data-testid=palette-StructuredGenerator]');
    const canvas = await frame.locator('[data-testid=canvas]').boundingBox();
    check(canvas !== null, 'the canvas is on screen');
    await source.dragTo(frame.locator('[data-testid=canvas]'), { targetPosition: { x: canvas.width - 140, y: canvas.height / 2 } });
    await frame.locator('[data-testid=block-structured_generator]').waitFor({ timeout: UI_TIMEOUT_MS });
    await frame.locator('[data-testid=palette-search] input').fill('');
    await waitBadges(frame, 'structured_generator', ['Not Configured', 'Not Connected']);
    log('dropped Structured Generator: Not Configured and Not Connected');
    await frame.locator('[data-testid=auto-layout]').click();
    await settled(frame, '[data-testid=block-structured_generator]');
    // The canvas edit went into the TextDocument (the tab shows it unsaved); the file on disk changes on Ctrl+S.
    log(`after the drop: tab dirty ${(await page.locator('.editor-group-container .tab.active.dirty').count()) > 0}, block on disk ${readFileSync(join(workspace, FILE), 'utf8').includes('structured_generator')}`);
    await shots.window(`e2-dropped-${first}`);

    // Rewire: remove dedupe → end (select the edge, Delete), then dedupe → new block → end.
    const edge = await frame.locator('[data-testid="rf__edge-dedupe->end"] .react-flow__edge-interaction').boundingBox();
    check(edge !== null, 'the edge dedupe → end is on screen');
    await page.mouse.click(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.keyboard.press('Delete');
    await frame.locator('[data-testid="rf__edge-dedupe->end"]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await dragHandle(page, frame, '[data-testid=block-dedupe] .react-flow__handle-bottom', '[data-testid=block-structured_generator] .react-flow__handle-top');
    await dragHandle(page, frame, '[data-testid=block-structured_generator] .react-flow__handle-bottom', '[data-testid=node-end] .react-flow__handle-top');
    await waitBadges(frame, 'structured_generator', ['Not Configured']);
    await frame.locator('[data-testid=auto-layout]').click();
    await settled(frame, '[data-testid=block-structured_generator]');
    log('connected dedupe → structured_generator → end: Not Connected cleared');

    // A connection that breaks the rules is refused, with the reason.
    await dragHandle(page, frame, '[data-testid=node-start] .react-flow__handle-bottom', '[data-testid=block-structured_generator] .react-flow__handle-top');
    const notice = await frame.locator('[data-testid=notice]').innerText({ timeout: UI_TIMEOUT_MS });
    log(`refused: ${notice.slice(0, 120)}`);
    check(/Connecting Start → "structured_generator" would (merge|branch)/.test(notice) && !/edges\[/.test(notice), `a second edge into the block is refused with the reason: ${notice}`);

    // Configure the required JSON schema in the config panel: Not Configured clears.
    await frame.locator('[data-testid=block-structured_generator] [data-testid=gear]').click();
    const panel = frame.locator('[data-testid=config-panel]');
    await panel.waitFor({ timeout: UI_TIMEOUT_MS });
    const schema = panel.locator('[data-testid=field-json_schema] textarea');
    await schema.fill('{"type": "object", "properties": {"summary": {"type": "string"}}}');
    await panel.locator('[data-testid=field-user_prompt] textarea').click();
    await waitBadges(frame, 'structured_generator', []);
    await frame.locator('[data-testid=validity]', { hasText: 'Valid' }).waitFor({ timeout: UI_TIMEOUT_MS });
    log('configured json_schema: badges clear, the pipeline is Valid');
    await shots.window(`e3-panel-${first}`);
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await frame.locator('[data-testid=fit-view]').click();
    await page.waitForTimeout(400);
    await shots.window(`e3-configured-${first}`);

    // Ctrl+S saves the document; the file is plain JSON with the new block.
    await frame.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+s');
    await page.locator('.editor-group-container .tab.active.dirty').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await waitForFile(join(workspace, FILE), (text) => text.includes('"json_schema": {'));
    const saved = JSON.parse(readFileSync(join(workspace, FILE), 'utf8')) as { blocks: { id: string; config: Record<string, unknown> }[]; edges: { source: string; target: string }[] };
    check(saved.blocks.some((b) => b.id === 'structured_generator' && typeof b.config.json_schema === 'object'), 'the saved file has the configured block');
    check(saved.edges.some((e) => e.source === 'structured_generator' && e.target === 'end'), 'the saved file has the new edge');
    log('Ctrl+S saved the pipeline');

    // Ctrl+Z goes through VS Code's undo of the TextDocument: the configuration is undone, the badge is back.
    await page.keyboard.press('Control+z');
    await waitBadges(frame, 'structured_generator', ['Not Configured']);
    await page.locator('.editor-group-container .tab.active.dirty').waitFor({ timeout: UI_TIMEOUT_MS });
    log('Ctrl+Z undid the configuration');
    await page.keyboard.press('Control+Shift+z');
    await waitBadges(frame, 'structured_generator', []);
    await page.keyboard.press('Control+s');
    await page.locator('.editor-group-container .tab.active.dirty').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

    // The other theme: the canvas follows VS Code's theme (body class → React Flow's colorMode, CSS variables).
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    const other = await webviewFrame(page, '[data-testid=editor]');
    await other.locator(`body.vscode-${second}`).waitFor({ timeout: UI_TIMEOUT_MS });
    await other.locator(`.react-flow.${second}`).waitFor({ timeout: UI_TIMEOUT_MS });
    await other.locator('[data-testid=block-structured_generator]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForTimeout(300);
    await shots.window(`e4-canvas-${second}`);
    await runCommand(page, 'Preferences: Toggle between Light/Dark Themes');
    await other.locator(`body.vscode-${first}`).waitFor({ timeout: UI_TIMEOUT_MS });

    // A malformed file: the error with line and column, and Reopen with Text Editor.
    writeFileSync(join(workspace, BROKEN), '{\n  "version": 1,\n  "name": "Broken",\n  "blocks": [\n    { "id": "a", }\n  ]\n}\n');
    // From the explorer: quick open's file index may not know a file written a moment ago.
    await openActivity(page, 'Explorer');
    const row = explorerRow(page, BROKEN);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    await row.click();
    const broken = await webviewFrame(page, '[data-testid=malformed]');
    const message = await broken.locator('[data-testid=malformed]').innerText();
    log(`malformed view: ${message.split('\n').slice(0, 2).join(' | ')}`);
    check(/Line 5, column \d+/.test(message), `the malformed view gives the line and column: ${message}`);
    await shots.window('e5-malformed');
    await broken.locator('[data-testid=reopen-text]').click();
    await page.locator('.editor-group-container .monaco-editor .view-lines', { hasText: '"Broken"' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    log('Reopen with Text Editor shows the text');
    await runCommand(page, 'View: Close All Editors');
    // Ctrl+Shift+E shows the Explorer (and the side bar) again for the next scenario.
    await page.keyboard.press('Control+Shift+E');
    await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  },
};
