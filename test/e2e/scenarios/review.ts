// f. The Review panel on the job Generate ran: opened from the command palette, reviewed with the keyboard only
// (A, R, N, P, E, Ctrl+Z — VS Code keybindings reaching the webview), typing "a" in the edit form does not
// accept, Export JSONL of the current filter into the workspace, light and dark themes, then Delete All.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { PIPELINE_NAME, UNITS } from '../e2eWorkspace';
import { check, type Scenario } from '../scenarioTypes';
import { chooseColorTheme, clearNotifications, pickItem, quickInput, runCommand, UI_TIMEOUT_MS, waitForQuickPick, waitForToast, webviewFrame } from '../workbench';

async function waitText(frame: Frame, testId: string, text: string): Promise<void> {
  await frame.locator(`[data-testid=${testId}]`, { hasText: text }).first().waitFor({ timeout: UI_TIMEOUT_MS });
}

async function count(frame: Frame, status: string): Promise<number> {
  return Number((await frame.locator(`[data-testid=count-${status}]`).innerText()).replace(/\D/g, ''));
}

export const reviewScenario: Scenario = {
  id: 'f-review',
  title: 'The Review panel: keyboard review, edit, undo, export, themes, delete all',
  async run({ page, workspace, shots, log }) {
    await clearNotifications(page);
    await runCommand(page, 'View: Hide Panel').catch(() => undefined);
    await runCommand(page, 'DataGenFlow: Open Review');
    // The completed job Generate ran (the Cancel scenario leaves a cancelled one of the same pipeline).
    await pickItem(page, 'Review which job?', new RegExp(`#1 · completed · ${UNITS}/${UNITS}`));
    const frame = await webviewFrame(page, '[data-testid=review-root]');
    await waitText(frame, 'record-position', `Record 1 of ${UNITS}`);
    await frame.locator('[data-testid^=chart-]').first().waitFor({ timeout: UI_TIMEOUT_MS }).catch(() => log('no numeric field to chart in this pipeline'));
    await shots.window('f1-review-light');

    // Focus the panel's content (not a text field), then only keys.
    await frame.locator('[data-testid=record-position]').click();
    const firstId = await frame.locator('[data-testid=record-id]').innerText();
    await page.keyboard.press('a');
    await waitText(frame, 'count-accepted', '1');
    const secondId = await frame.locator('[data-testid=record-id]').innerText();
    check(secondId !== firstId, `after A the next record comes up (${firstId} → ${secondId})`);
    await page.keyboard.press('r');
    await waitText(frame, 'count-rejected', '1');
    check((await count(frame, 'pending')) === UNITS - 2, 'two records left pending');
    await waitText(frame, 'record-position', `Record 1 of ${UNITS - 2}`);
    await page.keyboard.press('n');
    await waitText(frame, 'record-position', `Record 2 of ${UNITS - 2}`);
    await page.keyboard.press('p');
    await waitText(frame, 'record-position', `Record 1 of ${UNITS - 2}`);
    await page.keyboard.press('Control+z');
    await waitText(frame, 'count-rejected', '0');
    check((await count(frame, 'accepted')) === 1, 'undo reverted only the reject');
    log(`keys: A accepted ${firstId}, R rejected ${secondId}, N/P moved, Ctrl+Z undid the reject`);

    // E opens the form; typing review keys into it only types. Issue 11: E, a click into a field and "a" at once
    // (three tries): the letter lands in the field and the record stays (its command, if the keybinding's context key
    // came late, is refused by the webview).
    await page.keyboard.press('e');
    await frame.locator('[data-testid=edit-form]').waitFor({ timeout: UI_TIMEOUT_MS });
    const formTitle = async () => (await frame.locator('[data-testid=edit-form] h2').innerText()).trim();
    const editing = await formTitle();
    const editedId = /#\d+/.exec(editing)?.[0] ?? '';
    const area = frame.locator('[data-testid=edit-form] vscode-text-area textarea').first();
    const original = await area.inputValue();
    for (let i = 0; i < 3; i++) {
      await area.click();
      await page.keyboard.press('a');
    }
    // Where each click put the caret depends on the text; the three letters are there, nothing else changed.
    const typedIn = await area.inputValue();
    check(typedIn.length === original.length + 3 && typedIn.replace(/a/g, '').length === original.replace(/a/g, '').length, `each "a" typed right after the click lands in the field: ${JSON.stringify(typedIn.slice(0, 120))}`);
    await frame.locator('[data-testid=edit-form]').waitFor({ timeout: UI_TIMEOUT_MS });
    check((await formTitle()) === editing, `the form stays on ${editedId}`);
    await area.click();
    // Replace the field's text with typed text full of review keys (a, r, e, n, p): it must only type.
    // Built from the field's original text: the three letters typed above are in it now (JSON no longer parses).
    const json = original.trimStart().startsWith('{');
    const typed = json ? JSON.stringify({ ...(JSON.parse(original) as object), title: 'a reviewer rewrote this title' }) : `${original} — a reviewer added a remark`;
    await area.selectText();
    await page.keyboard.type(typed);
    await page.keyboard.press('a');
    await page.keyboard.press('Backspace');
    check((await count(frame, 'accepted')) === 1, 'typing "a" in the edit form does not accept');
    await shots.window('f2-edit-form');
    await frame.locator('[data-testid=edit-save]').click();
    await frame.locator('[data-testid=edited-tag]').waitFor({ timeout: UI_TIMEOUT_MS });
    // The save went through the extension host after every key typed into the form: none of them reviewed a record.
    check((await count(frame, 'accepted')) === 1 && (await count(frame, 'rejected')) === 0, 'no key typed into the form reviewed a record');
    check((await frame.locator('[data-testid=record-id]').innerText()) === editedId, `the edited record is still ${editedId}`);
    check((await frame.locator('[data-testid=record-view]').innerText()).includes(json ? 'a reviewer rewrote this title' : 'a reviewer added a remark'), 'the edited text is shown');
    await frame.locator('[data-testid=trace-toggle]').click();
    await frame.locator('[data-testid=trace-step-0]').waitFor({ timeout: UI_TIMEOUT_MS });
    await shots.window('f3-edited-light');
    await shots.around('f3-edited-crop', [page.locator('.part.editor .editor-group-container').first()], 0);

    // Compare with original: VS Code's diff editor on the two read-only documents.
    await frame.locator('[data-testid=compare]').click();
    await page.locator('.editor-group-container .tab.active', { hasText: 'original ↔ edited' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await shots.window('f4-compare-diff');
    await page.keyboard.press('Control+W');
    const panelTab = page.locator('.editor-group-container .tab', { hasText: 'DataGenFlow Review' }).first();
    await panelTab.click();
    const back = await webviewFrame(page, '[data-testid=review-root]');
    await waitText(back, 'record-position', 'Record 1 of');
    await back.locator('[data-testid=record-position]').click();
    await page.keyboard.press('Control+z');
    await back.locator('[data-testid=edited-tag]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    log('edit saved, compared in the diff editor, undone with Ctrl+Z');

    // The same panel in the dark theme (the workbench starts in the light one).
    await chooseColorTheme(page, 'Dark Modern');
    const dark = await webviewFrame(page, '[data-testid=review-root]');
    await dark.locator('body.vscode-dark').waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await waitText(dark, 'record-position', 'Record 1 of');
    await dark.locator('[data-testid=trace-toggle]').click();
    await shots.window('f5-review-dark');
    await dark.locator('[data-testid=view-list]').click();
    await dark.locator('[data-testid=record-list]').waitFor({ timeout: UI_TIMEOUT_MS });
    await shots.window('f6-list-dark');
    await dark.locator('[data-testid=view-single]').click();
    await waitText(dark, 'record-position', 'Record 1 of');

    // Export JSONL of the current filter (pending).
    const pending = await count(dark, 'pending');
    await dark.locator('[data-testid=export-button]').click();
    await quickInput(page).locator('input').waitFor({ timeout: UI_TIMEOUT_MS });
    // The dialog fills its input in steps (folder, then the proposed name).
    await page.waitForFunction(() => (document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value.endsWith('.jsonl') ?? false, undefined, { timeout: UI_TIMEOUT_MS });
    const proposed = await quickInput(page).locator('input').inputValue();
    log(`save dialog proposes ${proposed}`);
    check(/exports\/json-generation-job\d+-pending\.jsonl$/.test(proposed), `the save dialog proposes exports/<pipeline>-job<id>-pending.jsonl: ${proposed}`);
    const file = join(workspace, 'exports', proposed.split('/').pop() ?? '');
    await page.keyboard.press('Enter');
    if (!existsSync(join(workspace, 'exports'))) {
      await waitForQuickPick(page, 'The folder exports does not exist');
      await quickInput(page).getByRole('button', { name: 'OK' }).click();
    }
    const done = await waitForToast(page, 'record(s) exported to');
    log(`export: ${done}`);
    check(done.includes(`${pending} record(s) exported`), `the notification counts ${pending} records: ${done}`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { status: string });
    check(lines.length === pending && lines.every((l) => l.status === 'pending'), `${file} holds the ${pending} pending records`);
    await clearNotifications(page);

    // Delete All: a modal naming the job and its record count.
    await dark.locator('[data-testid=delete-all-button]').click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    const question = (await dialog.innerText()).replace(/\s+/g, ' ');
    log(`delete dialog: ${question}`);
    check(new RegExp(`Delete job #\\d+ \\(${PIPELINE_NAME}\\) and its ${UNITS} record\\(s\\)\\?`).test(question), `the dialog names the job and ${UNITS} records: ${question}`);
    await shots.around('f7-delete-dialog', [dialog], 8);
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await waitText(dark, 'review-message', `Deleted job #1 and its ${UNITS} record(s).`);
    // The job is gone from the selector; the panel shows the next job with records, or none.
    await dark.locator('[data-testid=job-select] vscode-option', { hasText: /^#1 / }).waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const left = await dark.locator('[data-testid=job-select] vscode-option').allInnerTexts();
    log(`jobs left in the selector: ${left.join(' | ') || 'none'}`);
    await shots.window('f8-deleted');
    await chooseColorTheme(page, 'Light Modern');
  },
};
