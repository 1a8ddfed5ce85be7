import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../../integration/headlessChromium.mjs';
import { reviewStore } from './reviewFixture';
import { openReviewHarness, type ReviewHarness } from './reviewHarnessHost';

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Review webview (browser harness)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let review: ReviewHarness | undefined;

  before(async () => {
    browser = await launchHeadlessChromium();
  });
  afterEach(async () => {
    if (review) assert.deepEqual(review.harness.errors, []);
    await review?.harness.close();
    review = undefined;
  });
  after(async () => browser?.close());

  const text = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).first().innerText();
  const waitText = (page: Page, testId: string, value: string) => page.waitForSelector(`[data-testid=${testId}]:has-text("${value}")`, { timeout: 5000 });

  it('reviews with the keys: accept and reject bring the next record, N/P move, Ctrl+Z undoes', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReviewHarness({ store, boot: { jobId }, browser });
    const page = review.harness.page;
    await waitText(page, 'record-position', 'Record 1 of 11');
    assert.equal(await text(page, 'record-id'), '#1');
    assert.match(await text(page, 'field-question'), /Q s0\.r0/);
    await review.press('a');
    await waitText(page, 'count-accepted', '1');
    await waitText(page, 'record-id', '#2');
    assert.equal(await text(page, 'count-pending'), '10');
    await review.press('r');
    await waitText(page, 'count-rejected', '1');
    await waitText(page, 'record-id', '#3');
    await review.press('n');
    await waitText(page, 'record-position', 'Record 2 of 9');
    await review.press('p');
    await waitText(page, 'record-position', 'Record 1 of 9');
    await review.press('Control+z');
    await waitText(page, 'count-rejected', '0');
    await waitText(page, 'count-pending', '10');
    // U in the Accepted filter: the accepted record goes back to pending.
    await page.click('[data-testid=filter-accepted]');
    await waitText(page, 'record-id', '#1');
    await review.press('u');
    await waitText(page, 'count-accepted', '0');
    await waitText(page, 'count-pending', '11');
    assert.deepEqual(review.commands, ['accept', 'reject', 'next', 'previous', 'undo', 'setPending']);
    // View state only: job, filter, position, mode.
    assert.deepEqual(await review.harness.viewState(), { jobId, status: 'accepted', offset: 0, view: 'single', pageSize: 25 });
  });

  it('keeps the keys off while typing in the edit form, validates JSON fields, saves an edit', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReviewHarness({ store, boot: { jobId }, browser });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    await review.press('e');
    await page.waitForSelector('[data-testid=edit-form]');
    const answer = page.locator('[data-testid=edit-answer] textarea');
    await answer.click();
    await page.waitForFunction(() => document.activeElement?.tagName === 'VSCODE-TEXT-AREA');
    await answer.press('End');
    // Typed letters are review keys: with the input focused they must only type.
    await page.keyboard.type(' and more');
    await page.keyboard.press('a');
    assert.equal(review.inputFocused(), true);
    assert.deepEqual(review.commands, ['edit']);
    assert.equal(await answer.inputValue(), 'A s0.r0 and morea');
    assert.equal(await text(page, 'count-accepted'), '0');

    const rating = page.locator('[data-testid=edit-rating] textarea');
    await rating.fill('{"generated": ');
    await page.waitForSelector('[data-testid=edit-error-rating]');
    assert.match(await text(page, 'edit-error-rating'), /Not valid JSON/);
    // The toolkit button reflects `disabled` to its attribute on its next DOM update, not in React's render.
    await page.waitForSelector('[data-testid=edit-save][disabled]', { timeout: 5000 });
    await rating.fill('{"generated": {"confidence": 0.99}}');
    await page.waitForSelector('[data-testid=edit-error-rating]', { state: 'detached' });
    await page.click('[data-testid=edit-save]');
    await page.waitForSelector('[data-testid=edited-tag]');
    assert.match(await text(page, 'field-answer'), /A s0\.r0 and morea/);
    assert.match(await text(page, 'field-answer'), /edited/);
    await page.waitForSelector('[data-testid=compare]');
    // The form is gone: focus left the text area, the keys work again.
    await page.waitForFunction(() => document.activeElement?.tagName !== 'VSCODE-TEXT-AREA');
    const reviewing = review;
    await until(() => reviewing.inputFocused() === false, 'the host to hear that focus left the text area');
    const stored = await review.service.record(jobId, 1);
    assert.equal(stored.fields.answer, 'A s0.r0 and morea');
    assert.deepEqual(stored.fields.rating, { generated: { confidence: 0.99 } });
    assert.equal(stored.originalFields?.answer, 'A s0.r0');
  });

  it('shows a failed execution with its error first and a trace with the state after each block', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReviewHarness({ store, boot: { jobId }, browser, state: { jobId, status: 'failed', offset: 0, view: 'single', pageSize: 25 } });
    const page = review.harness.page;
    await page.waitForSelector('[data-testid=record-error]');
    assert.match(await text(page, 'record-error'), /HTTP 500 for s1\.r1/);
    // A failed record opens its trace; accept does nothing on it.
    await page.waitForSelector('[data-testid=trace-step-1]');
    assert.match(await text(page, 'trace-step-1'), /Failed: HTTP 500/);
    await page.locator('[data-testid=trace-step-0] button').click();
    assert.match(await text(page, 'trace-step-0'), /"topic": "topic 1"[\s\S]*"question": "Q s1\.r1"/);
    await review.press('a');
    await page.waitForTimeout(100);
    assert.equal(await text(page, 'count-accepted'), '0');
  });

  it('lists a page, selects with click and Shift+click, and bulk-accepts the selection', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReviewHarness({ store, boot: { jobId }, browser });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    await page.click('[data-testid=view-list]');
    await page.waitForSelector('[data-testid=record-list]');
    await waitText(page, 'selection-count', 'Showing 1–11 of 11');
    await page.click('[data-testid=row-2]');
    await page.click('[data-testid=row-5]', { modifiers: ['Shift'] });
    await waitText(page, 'selection-count', '3 selected');
    await page.click('[data-testid=bulk-accept]');
    await waitText(page, 'count-accepted', '3');
    await waitText(page, 'selection-count', 'Showing 1–8 of 8');
    const accepted = await review.service.page({ jobId, status: 'accepted', offset: 0 }, 10);
    assert.deepEqual(accepted.rows.map((r) => r.id), [2, 3, 5]);
    await review.press('Control+z');
    await waitText(page, 'count-accepted', '0');
  });

  it('edits the field layout: a hidden field leaves the record and the layout is kept per pipeline', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReviewHarness({ store, boot: { jobId }, browser });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    // Default layout: the first field large, the rest smaller.
    await page.waitForSelector('.fields-primary [data-testid=field-question]');
    await page.waitForSelector('.fields-secondary [data-testid=field-answer]');
    await page.click('[data-testid=layout-button]');
    await page.waitForSelector('[data-testid=layout-dialog]');
    await page.locator('[data-testid=layout-answer] vscode-dropdown').click();
    await page.locator('[data-testid=layout-answer] vscode-option', { hasText: 'Primary' }).click();
    await page.locator('[data-testid=layout-question] vscode-dropdown').click();
    await page.locator('[data-testid=layout-question] vscode-option', { hasText: 'Hidden' }).click();
    await page.click('[data-testid=layout-save]');
    await page.waitForSelector('[data-testid=layout-dialog]', { state: 'detached' });
    await page.waitForSelector('.fields-primary [data-testid=field-answer]');
    assert.equal(await page.locator('[data-testid=field-question]').count(), 0);
    // Still in the trace.
    await page.click('[data-testid=trace-toggle]');
    assert.match(await text(page, 'trace-step-0'), /"question": "Q s0\.r0"/);
    const layout = (await review.service.openJob(jobId)).layout;
    assert.deepEqual(layout, { primary: ['answer'], secondary: ['score', 'rating'], hidden: ['question'] });
  });
});
