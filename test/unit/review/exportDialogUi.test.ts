import assert from 'node:assert/strict';
import { exportPreview } from '../../../src/core/export/exportPreview';
import { setExportMapping } from '../../../src/core/pipeline/exportMappingEdit';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import type { ReviewExportActions } from '../../../src/review/reviewExportHandlers';
import { browserHarnessSuite } from '../helpers/browserHarnessSuite';
import { CHAT_PIPELINE, chatJob } from '../export/exportTestKit';
import { openReviewHarness } from './reviewHarnessHost';

/** The dialog's host side over the real engine, with a string standing in for the pipeline's TextDocument. */
function fakeExportActions(store: Awaited<ReturnType<typeof chatJob>>) {
  const doc = { text: serializePipeline(CHAT_PIPELINE) };
  const exportsOf = (): Record<string, unknown> => (JSON.parse(doc.text) as { exports?: Record<string, unknown> }).exports ?? {};
  const actions: ReviewExportActions = {
    async exportPreview(jobId, format, status, mapping) {
      const saved = exportsOf();
      const preview = await exportPreview(store, { jobId, format, ...(status === 'all' ? {} : { status }), mappings: mapping === null ? saved : { ...saved, [format]: mapping } });
      const form = preview.mapping.format === 'openai_chat' ? { ...preview.mapping.chat } : {};
      return { mapping: form, saved: (saved[format] as Record<string, unknown> | undefined) ?? null, lines: preview.lines, unmapped: preview.unmapped, pipelinePath: 'chat.dgf.json' };
    },
    async saveExportMapping(_jobId, format, mapping) {
      doc.text = setExportMapping(doc.text, format, mapping).text;
      return { pipelinePath: 'chat.dgf.json' };
    },
    exportDataset: async () => null,
  };
  return { actions, doc };
}

describe('Review webview: the Export As… dialog (browser harness)', function () {
  this.timeout(60_000);
  const webviews = browserHarnessSuite();

  it('previews the first 3 lines live, lists the records it cannot map, keeps the review keys off, saves the mapping', async () => {
    const store = await chatJob();
    const { actions, doc } = fakeExportActions(store);
    const review = await openReviewHarness({ store, boot: { jobId: 1 }, browser: webviews.browser, actions: { exports: actions } });
    webviews.keep(review.harness);
    const page = review.harness.page;
    await page.waitForSelector('[data-testid=record-id]');
    // The dialog exports the records of the panel's filter.
    await page.click('[data-testid=filter-accepted]');
    await page.waitForSelector('[data-testid=record-id]:has-text("#1")');
    await page.click('[data-testid=export-as-button]');
    await page.waitForSelector('[data-testid=export-dialog]');
    const preview = page.locator('[data-testid=export-preview]');
    await page.waitForFunction(() => document.querySelector('[data-testid=export-preview]')?.textContent?.startsWith('{"messages"'));
    const lines = (await preview.innerText()).split('\n');
    assert.equal(lines.length, 3);
    assert.deepEqual(JSON.parse(lines[0]), { messages: (await store.getRecord(1))?.output?.messages });
    assert.match(await page.locator('[data-testid=export-unmapped]').innerText(), /Record #3 \(seed 3\): the conversation has no assistant message/);
    // The toolkit's text field copies its value into its inner input on its own next update, not in React's render.
    const messagesField = page.locator('[data-testid=export-field-messages] input');
    for (const end = Date.now() + 5000; (await messagesField.inputValue()) !== 'messages' && Date.now() < end; ) await page.waitForTimeout(20);
    assert.equal(await messagesField.inputValue(), 'messages');
    assert.equal(review.keysOff(), true, 'the review keys are off while the dialog is open');

    // A single-turn mapping with a system message: the preview follows, and only Save writes it.
    await page.locator('[data-testid=export-field-messages] input').fill('');
    await page.locator('[data-testid=export-field-user] input').fill('question');
    await page.locator('[data-testid=export-field-assistant] input').fill('answer');
    await page.locator('[data-testid=export-field-system] input').fill('Be brief.');
    await page.waitForFunction(() => document.querySelector('[data-testid=export-preview]')?.textContent?.includes('Be brief.'));
    assert.deepEqual(JSON.parse((await preview.innerText()).split('\n')[2]), {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Question s2.r0' },
        { role: 'assistant', content: 'Answer s2.r0' },
      ],
    });
    assert.equal(await page.locator('[data-testid=export-unmapped]').count(), 0, 'record #3 maps now');
    assert.equal((JSON.parse(doc.text) as { exports?: unknown }).exports, undefined);
    await page.click('[data-testid=export-save-mapping]');
    await page.waitForSelector('[data-testid=review-message]:has-text("saved in chat.dgf.json")');
    assert.deepEqual((JSON.parse(doc.text) as { exports?: unknown }).exports, { openai_chat: { user: 'question', assistant: 'answer', system: 'Be brief.' } });
    assert.ok(doc.text.startsWith(serializePipeline(CHAT_PIPELINE).trimEnd().slice(0, -1).trimEnd()), 'the rest of the file is untouched');
  });
});
