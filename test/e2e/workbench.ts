// What a person does in the VS Code workbench, as Playwright steps. Selectors are the workbench's stable class
// names and ARIA roles/labels; waits are on visible text, never on fixed delays.
import type { Frame, Locator, Page } from 'playwright-core';

/** Long enough for a cold extension host and a slow CI machine; a wait that times out fails the scenario. */
export const UI_TIMEOUT_MS = 30_000;

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** Rows of the open quick pick (command palette, Generate's pickers, the save dialog's file list). */
export function quickPickRow(page: Page, text: string | RegExp): Locator {
  return quickInput(page).locator('.monaco-list-row', { hasText: text }).first();
}

/** F1, type the command's title, Enter on its row: as a user runs "DataGenFlow: Generate". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = quickInput(page).locator('input');
  await input.waitFor({ timeout: UI_TIMEOUT_MS });
  await input.fill(`>${title}`);
  await quickPickRow(page, title).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
}

/**
 * Gives the keyboard to the workbench, as a person clicks the side bar's empty space: a webview (the Review panel, a
 * canvas that just loaded) may hold it, and then F1 goes to the webview and a quick pick closes as focus moves.
 */
export async function focusWorkbench(page: Page): Promise<void> {
  await page.locator('.part.sidebar').first().click({ position: { x: 120, y: 600 } });
}

/** Waits for a quick pick whose placeholder or title says `prompt`, then clicks the row showing `item`. */
export async function pickItem(page: Page, prompt: string | RegExp, item: string | RegExp): Promise<void> {
  await waitForQuickPick(page, prompt);
  const row = quickPickRow(page, item);
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  await row.click();
}

export async function waitForQuickPick(page: Page, prompt: string | RegExp): Promise<void> {
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  // The prompt is the input's placeholder (showQuickPick's placeHolder) or the widget's title (its title option).
  await page.waitForFunction(
    ({ source, flags }) => {
      const root = document.querySelector('.quick-input-widget');
      if (!root) return false;
      const input = root.querySelector('input');
      const texts = [input?.getAttribute('placeholder') ?? '', input?.getAttribute('aria-label') ?? '', root.querySelector('.quick-input-title')?.textContent ?? ''];
      return texts.some((t) => new RegExp(source, flags).test(t));
    },
    typeof prompt === 'string' ? { source: escapeRegExp(prompt), flags: '' } : { source: prompt.source, flags: prompt.flags },
    { timeout: UI_TIMEOUT_MS },
  );
}

/**
 * The notification toast whose text matches, once it has finished sliding in (the workbench marks that with
 * `notification-fade-in-done`), so a screenshot shows it whole. Toasts are the bottom-right popups.
 */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast.notification-fade-in-done', { hasText: text }).first();
}

/** Waits until a toast matching `text` is shown and returns its full text (message, source, buttons). */
export async function waitForToast(page: Page, text: string | RegExp): Promise<string> {
  const found = toast(page, text);
  await found.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  return (await found.innerText()).replace(/\s+/g, ' ').trim();
}

/** Ctrl+P, the file's name, Enter: opens it in an editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await quickInput(page).locator('input').fill(name);
  await quickPickRow(page, name).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Closes every notification so the next scenario's toasts are the only ones on screen. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** Opens a right-click menu on `target` and clicks the item named `item`; menus render in a shadow root. */
export async function contextMenu(page: Page, target: Locator, item: string): Promise<Locator> {
  await target.click({ button: 'right' });
  const entry = page.getByRole('menuitem', { name: item, exact: true });
  await entry.waitFor({ timeout: UI_TIMEOUT_MS });
  return entry;
}

/**
 * Chooses an open context menu's item as a person using the keyboard would after pointing at it: hover (the menu
 * focuses the item under the pointer), then Enter. A click right after the menu opened was now and then swallowed
 * by the menu (the item highlighted, nothing run: seen once in a clean e2e run).
 */
export async function chooseMenuItem(page: Page, entry: Locator): Promise<void> {
  await entry.hover();
  await page.keyboard.press('Enter');
}

/** An explorer row by file name. */
export function explorerRow(page: Page, name: string): Locator {
  return page.locator('.explorer-folders-view .monaco-list-row', { has: page.locator('.label-name', { hasText: name }) }).first();
}

/** Shows a view container from the activity bar by its title ("Explorer", "DataGenFlow"). */
export async function openActivity(page: Page, title: string): Promise<void> {
  const item = page.locator(`.activitybar .action-item .action-label[aria-label^="${title}"]`).first();
  await item.waitFor({ timeout: UI_TIMEOUT_MS });
  // Clicking an already active container would collapse the side bar.
  const active = await item.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
  if (!active) await item.click();
}

/** A row of the tree or list shown in the side bar (the Explorer's files, the Jobs view's jobs). */
export function sideBarRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A webview is an iframe inside an iframe: the frame whose document holds `selector`, once one does. */
export async function webviewFrame(page: Page, selector: string): Promise<Frame> {
  const end = Date.now() + UI_TIMEOUT_MS;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no webview shows ${selector}`);
}

/** Preferences: Color Theme, then the theme's row ("Light Modern", "Dark Modern"): as a person switches themes. */
export async function chooseColorTheme(page: Page, theme: string): Promise<void> {
  // From the palette by clicking the command's row (Enter can race the palette's filtering).
  await page.keyboard.press('F1');
  const input = quickInput(page).locator('input');
  await input.waitFor({ timeout: UI_TIMEOUT_MS });
  await input.fill('>Preferences: Color Theme');
  await quickInput(page).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) }).first().click();
  await waitForQuickPick(page, /color theme/i);
  await quickInput(page).locator('input').fill(theme);
  await quickPickRow(page, theme).waitFor({ timeout: UI_TIMEOUT_MS });
  await page.keyboard.press('Enter');
  await quickInput(page).waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/**
 * Chooses a webview dropdown's (the toolkit's vscode-dropdown) option of that value with the keyboard: focus, then
 * arrow keys (a closed dropdown selects the next or previous option and fires its change event).
 */
export async function chooseDropdownOption(dropdown: Locator, value: string): Promise<void> {
  const current = () => dropdown.evaluate((el) => ({ value: (el as unknown as { value: string }).value, values: [...el.querySelectorAll('vscode-option')].map((o) => (o as unknown as { value: string }).value) }));
  const { values } = await current();
  if (!values.includes(value)) throw new Error(`the dropdown has no option ${value} (${values.join(', ')})`);
  await dropdown.focus();
  for (let step = 0; step <= values.length; step++) {
    const now = await current();
    if (now.value === value) return;
    await dropdown.press(values.indexOf(value) > values.indexOf(now.value) ? 'ArrowDown' : 'ArrowUp');
  }
  throw new Error(`the dropdown did not come to ${value} (it shows ${(await current()).value})`);
}

/** Waits until the save dialog (VS Code's own, a quick input in the browser) proposes a path that ends as given. */
export async function waitForProposedPath(page: Page, ending: RegExp): Promise<string> {
  await quickInput(page).locator('input').waitFor({ timeout: UI_TIMEOUT_MS });
  // The dialog fills its input in steps (folder, then the proposed name).
  await page.waitForFunction(
    ({ source, flags }) => new RegExp(source, flags).test((document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? ''),
    { source: ending.source, flags: ending.flags },
    { timeout: UI_TIMEOUT_MS },
  );
  return quickInput(page).locator('input').inputValue();
}
