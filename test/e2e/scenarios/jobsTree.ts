// d. The Jobs tree in the DataGenFlow activity-bar view: one item per job with its status and counts, a tooltip
// with the details, and a context-menu action (Export JSONL) whose file appears in the workspace.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIPELINE_FILE, PIPELINE_NAME, SEEDS_FILE, UNITS } from '../e2eWorkspace';
import { check, type Scenario } from '../scenarioTypes';
import { chooseMenuItem, clearNotifications, contextMenu, openActivity, pickItem, quickInput, runCommand, sideBarRow, toast, UI_TIMEOUT_MS, waitForToast } from '../workbench';

const EXPORT_FILE = 'exports/json-generation-job1-all.jsonl';

export const jobsTreeScenario: Scenario = {
  id: 'd-jobs-tree',
  title: 'The Jobs tree: items with status and counts, tooltip, Export JSONL from the context menu',
  async run({ page, workspace, shots, log }) {
    await clearNotifications(page);
    // The Problems panel from Verify Seeds would only crowd the exported file's screenshot.
    await runCommand(page, 'View: Hide Panel');
    await openActivity(page, 'DataGenFlow');
    // Status and counts lead the row (the sidebar cuts it at its edge), the pipeline's name follows.
    const completed = sideBarRow(page, new RegExp(`#1 · completed · ${UNITS}/${UNITS} · 0 failed.*${PIPELINE_NAME}`));
    const cancelled = sideBarRow(page, /#2 · cancelled/);
    await completed.waitFor({ timeout: UI_TIMEOUT_MS });
    await cancelled.waitFor({ timeout: UI_TIMEOUT_MS });
    log(`items: ${(await cancelled.innerText()).replace(/\s+/g, ' ')} | ${(await completed.innerText()).replace(/\s+/g, ' ')}`);

    await completed.hover();
    const tooltip = page.locator('.monaco-hover', { hasText: 'Pipeline:' }).first();
    await tooltip.waitFor({ timeout: UI_TIMEOUT_MS });
    const details = (await tooltip.innerText()).replace(/\s+/g, ' ');
    log(`tooltip: ${details}`);
    for (const fact of [`Pipeline: ${PIPELINE_FILE}`, `Seeds: ${SEEDS_FILE}`, `Records: ${UNITS} generated, 0 failed of ${UNITS}`, 'Model:', 'Tokens:']) {
      check(details.includes(fact), `the tooltip shows "${fact}": ${details}`);
    }
    await shots.window('d1-jobs-tooltip');
    await page.mouse.move(700, 300);

    const exportItem = await contextMenu(page, completed, 'Export JSONL');
    await shots.around('d2-jobs-context-menu', [page.locator('.part.sidebar .composite.title'), cancelled, completed, page.locator('.context-view .monaco-menu').first()], 8);
    await chooseMenuItem(page, exportItem);
    await pickItem(page, 'which records?', 'All');
    // The save dialog: VS Code's own file dialog (a quick input holding the proposed path) in the browser.
    await quickInput(page).locator('input').waitFor({ timeout: UI_TIMEOUT_MS });
    await shots.around('d3-export-save-dialog', [quickInput(page)]);
    // A fresh workspace has no exports/ folder: DataGenFlow creates it before the dialog opens (issue 13), so the
    // dialog does not ask whether to create it.
    check(existsSync(join(workspace, 'exports')), 'the exports folder exists while the save dialog is open');
    await page.keyboard.press('Enter');

    const done = await waitForToast(page, `record(s) exported to ${EXPORT_FILE}`);
    log(`export: ${done}`);
    check(done.includes(`${UNITS} record(s) exported`), `the notification counts ${UNITS} records: ${done}`);
    const file = join(workspace, EXPORT_FILE);
    check(existsSync(file), `${file} exists`);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    check(lines.length === UNITS, `${EXPORT_FILE} has ${lines.length} lines, expected ${UNITS}`);
    await openActivity(page, 'Explorer');
    await sideBarRow(page, 'exports').waitFor({ timeout: UI_TIMEOUT_MS });
    // The notification's Open File button shows the records as written.
    await toast(page, 'record(s) exported').getByRole('button', { name: 'Open File' }).click();
    await page.locator('.editor-group-container .tab.active', { hasText: EXPORT_FILE.split('/')[1] }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('.editor-group-container .view-lines', { hasText: '"title"' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await shots.window('d4-exported');
    const lastLine = page.locator('.editor-group-container .view-line', { hasText: `"id":${UNITS},` });
    await shots.around('d4-exported-crop', [page.locator('.part.sidebar .composite.title'), page.locator('.editor-group-container .tab.active'), lastLine], 0);
  },
};
