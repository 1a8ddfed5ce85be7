import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserHarnessSuite } from '../helpers/browserHarnessSuite';
import { chatReviewStore, reviewStore } from './reviewFixture';
import { openReviewHarness, type ReviewHarness, type ReviewHarnessOptions } from './reviewHarnessHost';

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Review webview (browser harness)', function () {
  this.timeout(60_000);
  const webviews = browserHarnessSuite();
  let review: ReviewHarness;
  const openReview = async (options: Omit<ReviewHarnessOptions, 'browser'>) => {
    const opened = await openReviewHarness({ ...options, browser: webviews.browser });
    webviews.keep(opened.harness);
    return opened;
  };

  const text = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).first().innerText();
  const waitText = (page: Page, testId: string, value: string) => page.waitForSelector(`[data-testid=${testId}]:has-text("${value}")`, { timeout: 5000 });

  it('reviews with the keys: accept and reject bring the next record, N/P move, Ctrl+Z undoes', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReview({ store, boot: { jobId } });
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
    review = await openReview({ store, boot: { jobId } });
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
    assert.equal(review.keysOff(), true);
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
    await until(() => reviewing.keysOff() === false, 'the host to hear that the form closed');
    const stored = await review.service.record(jobId, 1);
    assert.equal(stored.fields.answer, 'A s0.r0 and morea');
    assert.deepEqual(stored.fields.rating, { generated: { confidence: 0.99 } });
    assert.equal(stored.originalFields?.answer, 'A s0.r0');
  });

  it('shows a conversation as a transcript and edits one turn, keeping the roles and the original', async () => {
    const { store, jobId } = await chatReviewStore();
    review = await openReview({ store, boot: { jobId } });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    const turns = page.locator('[data-testid=chat-messages] [data-testid=chat-turn]');
    assert.equal(await turns.count(), 5);
    assert.deepEqual(await turns.evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))), ['system', 'user', 'assistant', 'user', 'assistant']);
    assert.match(await turns.nth(2).innerText(), /assistant[\s\S]*Lisbon: warm, museums, trains\./i);
    assert.match(await text(page, 'field-messages'), /5 turns/i);
    // The user's and the assistant's bubbles sit on opposite sides.
    const [userBox, assistantBox] = [await turns.nth(1).boundingBox(), await turns.nth(2).boundingBox()];
    assert.ok(userBox && assistantBox && userBox.x > assistantBox.x, 'user right, assistant left');

    await review.press('e');
    await page.waitForSelector('[data-testid=edit-messages-turn-4]');
    const lastTurn = page.locator('[data-testid=edit-messages-turn-4] textarea');
    assert.equal(await lastTurn.inputValue(), 'Five days.');
    await lastTurn.fill('Five days, with a day trip to Sintra.');
    await page.click('[data-testid=edit-save]');
    await page.waitForSelector('[data-testid=edited-tag]');
    await waitText(page, 'chat-messages', 'day trip to Sintra');
    const stored = await review.service.record(jobId, 1);
    const messages = stored.fields.messages as { role: string; content: string }[];
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'user', 'assistant']);
    assert.equal(messages[4].content, 'Five days, with a day trip to Sintra.');
    assert.equal(messages[1].content, 'Where should I go in October? (seed 0)');
    assert.equal((stored.originalFields?.messages as { content: string }[])[4].content, 'Five days.');
  });

  // Issue 13: a message outlives the action it was about. The bar says what the last action did, nothing older.
  it('replaces stale messages: a saved edit replaces the last undo hint; a deleted job replaces "Undid …"', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReview({ store, boot: { jobId } });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    await review.press('a');
    await waitText(page, 'review-message', '#1 accepted. Undo: Ctrl+Z');
    await waitText(page, 'record-id', '#2');
    await review.press('e');
    await page.locator('[data-testid=edit-answer] textarea').fill('A better answer');
    await page.click('[data-testid=edit-save]');
    await page.waitForSelector('[data-testid=edited-tag]');
    await waitText(page, 'review-message', 'Saved the edit of #2. Undo: Ctrl+Z');
    assert.doesNotMatch(await text(page, 'review-message'), /#1 accepted/);
    const reviewing = review;
    await until(() => reviewing.keysOff() === false, 'the host to hear that the form closed');
    await review.press('Control+z');
    await waitText(page, 'review-message', 'Undid the edit of #2.');
    // The job is deleted (from the Jobs view): the host pushes that it is gone.
    await review.service.deleteJob(jobId);
    review.host.emit('jobChanged', { jobId, job: null, counts: { pending: 0, accepted: 0, rejected: 0, failed: 0, total: 0 } });
    await page.waitForSelector('[data-testid=review-empty]');
    assert.equal(await text(page, 'review-message'), `Job #${jobId} was deleted.`);
  });

  // Issue 11: press E, click into a field and type at once. The keybindings' context key is set by the webview and
  // may arrive after the keystroke (staleContext: it always does here), so the key's command reaches the webview.
  it('a review key typed into a field the moment it gets focus only types: the record stays, the letter lands', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReview({ store, boot: { jobId }, staleContext: true });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    await review.press('e');
    await page.waitForSelector('[data-testid=edit-form]');
    // The form alone turns the keys off, before any of its fields can take focus.
    const reviewing = review;
    await until(() => reviewing.keysOff(), 'the host to hear that the edit form is open');
    const answer = page.locator('[data-testid=edit-answer] textarea');
    for (const [i, key] of ['a', 'r', 'a'].entries()) {
      // No wait between the click and the key: the keystroke follows focus as closely as the browser allows.
      await answer.click();
      await page.keyboard.press(key);
      await review.commandsAnswered();
      assert.equal(review.outcomes.length, i + 2, 'the key reached the webview as a command');
      assert.deepEqual(review.outcomes.at(-1), { command: key === 'a' ? 'accept' : 'reject', result: 'form' });
    }
    assert.equal(await answer.inputValue(), 'A s0.r0ara');
    await page.waitForSelector('[data-testid=edit-form]');
    assert.equal(await text(page, 'count-accepted'), '0');
    assert.equal(await text(page, 'count-rejected'), '0');
    const stored = await review.service.record(jobId, 1);
    assert.equal(stored.status, 'pending');
    assert.deepEqual(review.commands, ['edit', 'accept', 'reject', 'accept']);
    assert.equal((await page.locator('[data-testid=review-message]').count()), 0, 'typing shows no message');
  });

  it('a key typed into the field whose command arrives after the form closed still does nothing; then the keys work', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReview({ store, boot: { jobId }, staleContext: true });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    await review.press('e');
    await page.waitForSelector('[data-testid=edit-form]');
    const answer = page.locator('[data-testid=edit-answer] textarea');
    await answer.click();
    // A busy extension host: the reject command typed into the field is delivered only after Escape closed the
    // form and focus left the field.
    review.pauseHost();
    await page.keyboard.press('r');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=edit-form]', { state: 'detached' });
    const reviewing = review;
    await until(() => reviewing.keysOff() === false, 'the host to hear that the keys may come back on');
    await review.resumeHost();
    await review.commandsAnswered();
    assert.deepEqual(review.outcomes.at(-1), { command: 'reject', result: 'typing' });
    assert.equal(await text(page, 'count-rejected'), '0');
    assert.equal((await review.service.record(jobId, 1)).status, 'pending');
    // Once the host has confirmed, a key pressed outside any field reviews again.
    await page.locator('[data-testid=record-position]').click();
    await review.press('a');
    await waitText(page, 'count-accepted', '1');
    await review.commandsAnswered();
    assert.deepEqual(review.outcomes.at(-1), { command: 'accept', result: 'ran' });
  });

  it('Ctrl+Z typed in a field undoes the typing, never a review action', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReview({ store, boot: { jobId }, staleContext: true });
    const page = review.harness.page;
    await waitText(page, 'record-id', '#1');
    await review.press('a');
    await waitText(page, 'record-id', '#2');
    await review.press('e');
    await page.waitForSelector('[data-testid=edit-form]');
    const answer = page.locator('[data-testid=edit-answer] textarea');
    await answer.click();
    await answer.press('End');
    await page.keyboard.type(' xyz');
    assert.equal(await answer.inputValue(), 'A s0.r1 xyz');
    await review.press('Control+z');
    await review.commandsAnswered();
    assert.deepEqual(review.outcomes.at(-1), { command: 'undo', result: 'form' });
    assert.equal(await answer.inputValue(), 'A s0.r1');
    assert.equal(await text(page, 'count-accepted'), '1');
    assert.equal((await review.service.record(jobId, 1)).status, 'accepted');
  });

  it('shows a failed execution with its error first and a trace with the state after each block', async () => {
    const { store, jobId } = await reviewStore();
    let wentToSource!: (target: [number, string]) => void;
    const sourceAsked = new Promise<[number, string]>((resolve) => (wentToSource = resolve));
    review = await openReview({
      store,
      boot: { jobId },
      state: { jobId, status: 'failed', offset: 0, view: 'single', pageSize: 25 },
      actions: { goToSource: async (job, blockId) => wentToSource([job, blockId]) },
    });
    const page = review.harness.page;
    await page.waitForSelector('[data-testid=record-error]');
    assert.match(await text(page, 'record-error'), /HTTP 500 for s1\.r1/);
    // A failed record opens its trace; accept does nothing on it.
    await page.waitForSelector('[data-testid=trace-step-1]');
    assert.match(await text(page, 'trace-step-1'), /Failed: HTTP 500/);
    await page.locator('[data-testid=trace-state-0]').click();
    assert.match(await text(page, 'trace-step-0'), /"topic": "topic 1"[\s\S]*"question": "Q s1\.r1"/);
    // Trace → source asks the host for the job's pipeline at that block.
    await page.locator('[data-testid=trace-source-1]').click();
    assert.deepEqual(await sourceAsked, [jobId, 'a']);
    await review.press('a');
    await review.commandsAnswered();
    assert.deepEqual(review.outcomes, [{ command: 'accept', result: 'ran' }]);
    assert.equal(await text(page, 'count-accepted'), '0');
  });

  it('lists a page, selects with click and Shift+click, and bulk-accepts the selection', async () => {
    const { store, jobId } = await reviewStore();
    review = await openReview({ store, boot: { jobId } });
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
    review = await openReview({ store, boot: { jobId } });
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
