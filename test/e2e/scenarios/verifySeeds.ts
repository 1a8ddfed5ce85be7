// c. Verify Seeds from the explorer's context menu on a seed file with a deliberate error: the notification sums
// it up, and the Problems panel lists it at its line.
import { BAD_SEED_LINE, BAD_SEEDS_FILE, PIPELINE_FILE } from '../e2eWorkspace';
import { check, type Scenario } from '../scenarioTypes';
import { chooseMenuItem, clearNotifications, contextMenu, explorerRow, openActivity, pickItem, toast, UI_TIMEOUT_MS, waitForToast } from '../workbench';

const PROBLEM = 'Seed 2 is missing field "content" in its metadata';

export const verifySeedsScenario: Scenario = {
  id: 'c-verify-seeds',
  title: 'Verify Seeds from the explorer context menu, problems in the Problems panel',
  async run({ page, shots, log }) {
    await clearNotifications(page);
    await openActivity(page, 'Explorer');
    const item = await contextMenu(page, explorerRow(page, BAD_SEEDS_FILE), 'Verify Seeds');
    await shots.around('c1-explorer-context-menu', [page.locator('.part.sidebar .composite.title'), page.locator('.context-view .monaco-menu').first()], 8);
    await chooseMenuItem(page, item);
    await pickItem(page, `Pipeline to verify ${BAD_SEEDS_FILE} against`, PIPELINE_FILE);

    const summary = await waitForToast(page, `${BAD_SEEDS_FILE}: 1 error(s)`);
    log(`notification: ${summary}`);
    check(summary.includes(PROBLEM), `the notification names the first problem: ${summary}`);
    await shots.window('c2-notification');
    await toast(page, `${BAD_SEEDS_FILE}: 1 error(s)`).getByRole('button', { name: 'Show Problems' }).click();

    const entry = page.locator('.markers-panel .monaco-list-row', { hasText: PROBLEM }).first();
    await entry.waitFor({ timeout: UI_TIMEOUT_MS });
    const text = (await entry.innerText()).replace(/\s+/g, ' ');
    log(`Problems panel: ${text}`);
    check(text.includes(`[Ln ${BAD_SEED_LINE}, Col `), `the problem is at line ${BAD_SEED_LINE}: ${text}`);
    await page.locator('.markers-panel .monaco-list-row', { hasText: BAD_SEEDS_FILE }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    // Clicking the entry opens the seed file with the problem's range selected, as the status bar shows.
    await entry.click();
    await page.locator('.editor-group-container .tab.active', { hasText: BAD_SEEDS_FILE }).waitFor({ timeout: UI_TIMEOUT_MS });
    const selection = page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${BAD_SEED_LINE}, Col \\d+ \\(\\d+ selected\\)`) });
    await selection.waitFor({ timeout: UI_TIMEOUT_MS });
    log(`editor selection: ${await selection.innerText()}`);
    await shots.window('c3-problems');
    await shots.around('c3-problems-crop', [page.locator('.part.sidebar .composite.title'), page.locator('.editor-group-container .tab.active'), entry], 0);
  },
};
