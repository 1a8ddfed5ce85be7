import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockSpec, PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { trySeed } from '../../../src/core/try/trySeed';
import type { TryEvent, TryRecord } from '../../../src/core/try/tryTypes';
import { RpcHost } from '../../../src/host/rpcHost';
import { createTryHandlers, type TryPanelActions } from '../../../src/try/tryHandlers';
import type { TryEvents, TryMethods } from '../../../src/shared/tryProtocol';
import type { WebviewHarness } from '../../webview/webviewHarness';
import { browserHarnessSuite, type BrowserHarnessSuite } from '../helpers/browserHarnessSuite';
import { ScriptedLlm } from '../helpers/scriptedLlm';

const gen = (id: string, prompt: string): BlockSpec => ({ id, type: 'TextGenerator', config: { user_prompt: prompt }, position: { x: 0, y: 0 } });
const pipeline = (blocks: BlockSpec[]): PipelineFile => {
  const ids = ['start', ...blocks.map((b) => b.id), 'end'];
  return { version: 1, name: 'p', blocks, edges: ids.slice(1).map((target, i) => ({ source: ids[i], target })) };
};

/** Plays the host of the Try panel: the real handlers, tries run by the real engine, their events pushed as TryPanel does. */
async function openTryHarness(webviews: BrowserHarnessSuite, stored: TryRecord[], calls: string[], state?: unknown) {
  let host!: RpcHost<TryMethods, TryEvents>;
  const actions: TryPanelActions = {
    state: async () => ({ pipeline: 'p.dgf.json', tries: stored }),
    tryAgain: async (seedIndex) => void calls.push(`tryAgain ${seedIndex}`),
    cancel: () => void calls.push('cancel'),
    goToSource: async (blockId) => void calls.push(`goToSource ${blockId}`),
  };
  let harness!: WebviewHarness;
  harness = await webviews.open({
    app: 'try',
    ...(state === undefined ? {} : { state }),
    onMessage: (m, h) => {
      harness ??= h;
      host ??= new RpcHost<TryMethods, TryEvents>((msg) => void harness.post(msg), createTryHandlers(actions));
      return host.receive(m);
    },
  });
  const push = (event: TryEvent) => {
    const p = 'p.dgf.json';
    if (event.type === 'started') host.emit('tryStarted', { pipeline: p, record: event.record });
    else if (event.type === 'blockStarted') host.emit('blockStarted', { pipeline: p, tryId: event.tryId, blockId: event.blockId });
    else if (event.type === 'block') host.emit('blockDone', { pipeline: p, tryId: event.tryId, block: event.block });
    else host.emit('tryFinished', { pipeline: p, record: event.record });
  };
  return { harness, push };
}

describe('Try webview (browser harness)', function () {
  this.timeout(60_000);
  const webviews = browserHarnessSuite();

  const text = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).first().innerText();

  it("shows the first block's output while the second block still waits for its answer, then the whole try", async () => {
    const calls: string[] = [];
    const opened = await openTryHarness(webviews, [], calls);
    const { harness } = opened;
    const page = harness.page;
    await page.waitForSelector('[data-testid=try-pipeline]:has-text("p.dgf.json")');
    // The pipeline shown is view state: kept with setState, so the serializer can restore the panel after a reload.
    assert.deepEqual(await harness.viewState(), { pipeline: 'p.dgf.json' });
    let release: () => void = () => undefined;
    const secondMayAnswer = new Promise<void>((resolve) => (release = resolve));
    const llm = new ScriptedLlm(async (r, call) => {
      if (call === 2) await secondMayAnswer;
      return `re: ${r.messages[0].content}`;
    });
    const running = trySeed({ pipeline: pipeline([gen('ask', 'Q about {{ topic }}'), gen('answer', 'A: {{ assistant }}')]), seed: { repetitions: 1, metadata: { topic: 'owls' } }, seedIndex: 0, registry: createBlockRegistry(), llm, onEvent: opened.push });
    await page.waitForSelector('[data-testid=try-block-output-ask]:has-text("re: Q about owls")', { timeout: 5000 });
    assert.equal(await text(page, 'try-status'), 'running');
    assert.match(await text(page, 'try-block-figures-ask'), /ms · 10 in \/ 5 out tokens/);
    assert.equal(await page.locator('[data-testid=try-block-output-answer]').count(), 0, 'the second block has not answered yet');
    release();
    const record = await running;
    await page.waitForSelector('[data-testid=try-status]:has-text("succeeded")', { timeout: 5000 });
    assert.match(await text(page, 'try-block-output-answer'), /re: A: re: Q about owls/);
    assert.match(await text(page, 'try-summary'), /Seed 1 · succeeded · .* · 20 in \/ 10 out tokens/);
    await page.click('[data-testid=try-again]');
    await page.click('[data-testid=try-block-ask] .link-button');
    assert.deepEqual(calls, ['tryAgain 0', 'goToSource ask']);
    assert.equal(record.status, 'succeeded');
  });

  it('points an error at its block and template line, and compares with an earlier try', async () => {
    const earlier = await trySeed({ pipeline: pipeline([gen('ask', 'Q about {{ topic }}')]), seed: { repetitions: 1, metadata: { topic: 'cats' } }, seedIndex: 0, registry: createBlockRegistry(), llm: new ScriptedLlm((r) => `old: ${r.messages[0].content}`) });
    const opened = await openTryHarness(webviews, [earlier], []);
    const page = opened.harness.page;
    await page.waitForSelector('[data-testid=try-block-output-ask]:has-text("old: Q about cats")');
    await trySeed({ pipeline: pipeline([gen('ask', 'Q about {{ topic }}\nand {{ nope }}')]), seed: { repetitions: 1, metadata: { topic: 'cats' } }, seedIndex: 0, registry: createBlockRegistry(), llm: new ScriptedLlm(), onEvent: opened.push });
    await page.waitForSelector('[data-testid=try-status]:has-text("failed")', { timeout: 5000 });
    assert.match(await text(page, 'try-block-error-ask'), /undefined variable 'nope'.*— user_prompt, line 2, column 8/s);
    // The try shown before is offered for comparison, block by block.
    assert.equal(await page.locator('[data-testid=try-list] tr').count(), 2);
    assert.ok(await page.locator('[data-testid=try-block-ask] .try-json.compared:has-text("old: Q about cats")').isVisible());
  });

  it('after a reload shows the try it showed before (the view state), among the kept tries the host sends', async () => {
    const run = (topic: string) => trySeed({ pipeline: pipeline([gen('ask', 'Q about {{ topic }}')]), seed: { repetitions: 1, metadata: { topic } }, seedIndex: 0, registry: createBlockRegistry(), llm: new ScriptedLlm((r) => `re: ${r.messages[0].content}`) });
    const older = await run('cats');
    const newer = await run('dogs');
    const { harness } = await openTryHarness(webviews, [newer, older], [], { pipeline: 'p.dgf.json', selectedId: older.id });
    await harness.page.waitForSelector('[data-testid=try-block-output-ask]:has-text("re: Q about cats")');
    assert.deepEqual(await harness.viewState(), { pipeline: 'p.dgf.json', selectedId: older.id });
  });
});
