import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { editorHarnessSuite, type EditorOpenOptions } from '../helpers/editorHarnessSuite';

// Issue 13's canvas rough edges, in chromium at several editor widths (npm run build first): the header stays one
// line of buttons that never overlap, the config panel never hides the block it configures, the minimap never covers
// a node after Fit view. Screenshots go to /tmp/dgf-editor-layout-*.png for a person to look at.
const blocks = (n: number, at: (i: number) => { x: number; y: number }) =>
  Array.from({ length: n }, (_, i) => ({ id: `b${i + 1}`, type: 'TextGenerator', config: { user_prompt: `Step ${i + 1} about {{ topic }}` }, position: at(i) }));
const chain = (ids: string[]) => ['start', ...ids, 'end'].slice(1).map((target, i, all) => ({ source: i === 0 ? 'start' : all[i - 1], target }));

/** Start on top, four blocks, End at the bottom: after Fit view End sits in the bottom band, where the minimap is. */
const TALL: PipelineFile = (() => {
  const b = blocks(4, (i) => ({ x: 0, y: 150 + i * 160 }));
  return { version: 1, name: 'Tall pipeline', blocks: b, edges: chain(b.map((x) => x.id)), layout: { start: { x: 84, y: 0 }, end: { x: 84, y: 820 } } };
})();

/** A long row of blocks: the right-most one is where the config panel opens. */
const WIDE: PipelineFile = (() => {
  const b = blocks(4, (i) => ({ x: 160 + i * 300, y: 0 }));
  return { version: 1, name: 'Wide pipeline', blocks: b, edges: chain(b.map((x) => x.id)), layout: { start: { x: 0, y: 0 }, end: { x: 1400, y: 0 } } };
})();

/** Two errors and a warning make the validity pill long; Restricted Mode adds its note. */
const INVALID: PipelineFile = {
  version: 1,
  name: 'A pipeline with a rather long name',
  blocks: [{ id: 'gen', type: 'StructuredGenerator', config: { user_prompt: 'About {{ topic }}' }, position: { x: 0, y: 150 } }],
  edges: [{ source: 'start', target: 'gen' }],
  layout: { start: { x: 84, y: 0 }, end: { x: 84, y: 400 } },
};

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, area: Box) => a.x >= area.x && a.y >= area.y && a.x + a.width <= area.x + area.width && a.y + a.height <= area.y + area.height;

describe('pipeline editor layout at several widths (browser harness)', function () {
  this.timeout(60_000);
  const canvas = editorHarnessSuite();

  async function open(file: PipelineFile, width: number, host: EditorOpenOptions['host'] = {}): Promise<Page> {
    const page = await canvas.open(serializePipeline(file), { host, viewport: { width, height: 800 } });
    await page.waitForSelector('[data-testid=generate]');
    return page;
  }

  async function box(page: Page, selector: string): Promise<Box> {
    const b = await page.locator(selector).first().boundingBox();
    assert.ok(b, `${selector} is on screen`);
    return b;
  }

  for (const width of [500, 640, 800, 970, 1000, 1100, 1400]) {
    for (const [what, file, trusted] of [['valid, trusted', TALL, true], ['invalid, Restricted Mode', INVALID, false]] as const) {
      it(`header at ${width} px (${what}): one line, no two buttons overlap, each label on one line, Generate visible`, async () => {
        const page = await open(file, width, { trusted });
        // The header settles (it may give up labels) before it is painted; give a frame for the toolkit's buttons.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.screenshot({ path: `/tmp/dgf-editor-layout-header-${width}-${trusted ? 'trusted' : 'restricted'}.png`, clip: { x: 0, y: 0, width, height: 80 } });
        const header = await box(page, '[data-testid=header]');
        const controls = ['[data-testid=validity]', '[data-testid=toggle-constraints]', '[data-testid=auto-layout]', '[data-testid=fit-view]', 'vscode-button[aria-label="Reopen with Text Editor"]', '[data-testid=generate]'];
        const boxes = await Promise.all(controls.map((c) => box(page, c)));
        const generate = boxes[boxes.length - 1];
        const line = generate.height;
        for (const [i, b] of boxes.entries()) {
          assert.ok(b.height <= line + 1, `${controls[i]} is ${b.height} px tall, more than one line (${line} px): its text wrapped`);
          assert.ok(inside(b, header), `${controls[i]} ${JSON.stringify(b)} lies inside the header ${JSON.stringify(header)}`);
          for (const [j, other] of boxes.entries()) if (j > i) assert.ok(!overlaps(b, other), `${controls[i]} overlaps ${controls[j]}`);
        }
        // What each control shows (icon and label) lies on one line inside it: neither wrapped nor spilling out.
        const spills = await page.evaluate((selectors) => {
          const found: string[] = [];
          for (const selector of selectors) {
            const el = document.querySelector(selector) as HTMLElement;
            const outer = el.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(el);
            const parts = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
            for (const child of el.querySelectorAll('*')) {
              const r = child.getBoundingClientRect();
              if (r.width > 0 && r.height > 0) parts.push(r);
            }
            const lines = new Set(parts.map((r) => Math.round(r.top + r.height / 2)));
            const top = Math.min(...parts.map((r) => r.top));
            const bottom = Math.max(...parts.map((r) => r.bottom));
            if (bottom - top > 20) found.push(`${selector}: on ${lines.size} lines (${Math.round(bottom - top)} px tall)`);
            for (const r of parts) if (r.left < outer.left - 0.5 || r.right > outer.right + 0.5) found.push(`${selector}: content ${Math.round(r.left)}–${Math.round(r.right)} spills out of ${Math.round(outer.left)}–${Math.round(outer.right)}`);
          }
          return found;
        }, controls);
        assert.deepEqual(spills, []);
        const name = await box(page, '[data-testid=pipeline-name]');
        assert.ok(!overlaps(name, boxes[0]), 'the name field overlaps the validity pill');
        // One line: the header is no taller than its padding around one row of controls.
        assert.ok(header.height <= line + 16, `the header is ${header.height} px tall: it wrapped onto two lines`);
        assert.ok(generate.x + generate.width <= width, 'Generate is visible');
        assert.match((await page.textContent('[data-testid=generate]')) ?? '', /Generate/);
        // A button showing only its icon still names itself.
        for (const c of controls.slice(1, 5)) assert.ok(await page.locator(c).getAttribute('title'), `${c} has a tooltip`);
      });
    }
  }

  async function nodeBoxes(page: Page): Promise<Map<string, Box>> {
    const ids = await page.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
    return new Map(await Promise.all(ids.map(async (id) => [id, await box(page, `.react-flow__node[data-id="${id}"]`)] as const)));
  }
  /** Waits for a view transition (200 ms) to settle: the viewport's transform stops changing. */
  async function settled(page: Page): Promise<void> {
    let last = '';
    for (;;) {
      await page.waitForTimeout(120);
      const now = (await page.locator('.react-flow__viewport').getAttribute('style')) ?? '';
      if (now === last) return;
      last = now;
    }
  }

  for (const [width, panel] of [[600, false], [1000, false], [1000, true], [1400, true]] as const) {
    it(`after Fit view no node lies under the minimap (${width} px${panel ? ', config panel open' : ''})`, async () => {
      const page = await open(TALL, width);
      if (panel) {
        await page.click('[data-testid=block-b1] [data-testid=gear]');
        await page.waitForSelector('[data-testid=config-panel]');
      }
      await page.click('[data-testid=fit-view]');
      await settled(page);
      await page.screenshot({ path: `/tmp/dgf-editor-layout-fit-${width}${panel ? '-panel' : ''}.png` });
      const minimap = await box(page, '.react-flow__minimap');
      const controls = await box(page, '.react-flow__controls');
      const canvas = await box(page, '[data-testid=canvas]');
      const nodes = await nodeBoxes(page);
      assert.equal(nodes.size, 6);
      for (const [id, b] of nodes) {
        assert.ok(!overlaps(b, minimap), `${id} ${JSON.stringify(b)} lies under the minimap ${JSON.stringify(minimap)}`);
        assert.ok(!overlaps(b, controls), `${id} lies under the zoom controls`);
        assert.ok(inside(b, canvas), `${id} is in view`);
      }
    });
  }

  for (const width of [1000, 1280]) {
    it(`opening the config panel keeps its block in the visible canvas, clear of the panel and the minimap (${width} px)`, async () => {
      const page = await open(WIDE, width);
      await settled(page);
      // The right-most block, at the canvas' right edge: the panel opens over the place it was drawn.
      await page.click('[data-testid=block-b4] [data-testid=gear]');
      const panel = await box(page, '[data-testid=config-panel]');
      await settled(page);
      await page.screenshot({ path: `/tmp/dgf-editor-layout-panel-${width}.png` });
      const canvas = await box(page, '[data-testid=canvas]');
      const block = await box(page, '[data-testid=block-b4]');
      assert.ok(inside(block, canvas), `the block ${JSON.stringify(block)} lies inside the visible canvas ${JSON.stringify(canvas)}`);
      assert.ok(!overlaps(block, panel), 'the panel covers the block');
      assert.ok(!overlaps(block, await box(page, '.react-flow__minimap')), 'the minimap covers the block');
      // Its buttons can be clicked: the gear is the topmost element where it is drawn.
      const gear = await box(page, '[data-testid=block-b4] [data-testid=gear]');
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[data-testid=gear]') !== null, [gear.x + gear.width / 2, gear.y + gear.height / 2]);
      assert.equal(hit, true, 'the gear is under the pointer, not covered');
      // Another block whose panel opens while it is in view does not move.
      const b3 = await box(page, '[data-testid=block-b3]');
      if (inside(b3, canvas) && !overlaps(b3, await box(page, '.react-flow__minimap'))) {
        await page.click('[data-testid=block-b3] [data-testid=gear]');
        await settled(page);
        assert.deepEqual(await box(page, '[data-testid=block-b3]'), b3);
      }
    });
  }

  it('header follows the editor as it is resized: icons when narrow, labels back when wide again', async () => {
    const page = await open(TALL, 1400);
    const labels = () => page.locator('[data-testid=header] .dgf-label:visible').count();
    assert.equal(await labels(), 5);
    for (const [width, shown] of [[560, 0], [1400, 5], [520, 0], [1200, 5]] as const) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=header] .dgf-label').length === 5 && [...document.querySelectorAll('[data-testid=header] .dgf-label')].filter((l) => (l as HTMLElement).offsetWidth > 0).length === n, shown);
      const header = await box(page, '[data-testid=header]');
      const generate = await box(page, '[data-testid=generate]');
      assert.ok(header.height <= generate.height + 16, `one line at ${width} px`);
      assert.ok(generate.x + generate.width <= width, `Generate visible at ${width} px`);
    }
  });
});
