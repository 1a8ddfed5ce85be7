// g. The prompt loop (issue 14): choose the pipeline's seed file, preview a block's prompt (nothing sent), try one
// seed (each block's output in the Try panel, no job), generate, edit the last block's prompt, Re-run Job with
// Changes — only the edited block calls the endpoint — and the Review panel marks the reused step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LOOP_PIPELINE_FILE, LOOP_PIPELINE_NAME, LOOP_SEEDS_FILE, LOOP_TOPICS } from '../e2eWorkspace';
import { check, checkMatch, type Scenario } from '../scenarioTypes';
import { clearNotifications, focusWorkbench, openFile, pickItem, quickInput, runCommand, UI_TIMEOUT_MS, waitForQuickPick, waitForToast, webviewFrame } from '../workbench';

/** Picks from a quick pick only if it comes up (a command given the active pipeline does not ask for it). */
async function pickIfAsked(page: Page, prompt: string, item: string | RegExp): Promise<void> {
  const asked = await waitForQuickPick(page, prompt).then(
    () => true,
    () => false,
  );
  if (asked) await pickItem(page, prompt, item);
}

const EDITED_PROMPT = 'In one sentence, what is missing from this text about {{ topic }}? {{ assistant }}';

export const promptLoopScenario: Scenario = {
  id: 'g-prompt-loop',
  title: 'The prompt loop: preview, try a seed, generate, edit the last prompt, re-run reusing answers, review',
  async run({ page, workspace, shots, log }) {
    // The Review panel of the previous scenario may hold the keyboard focus (F1 would go to its webview).
    await focusWorkbench(page);
    await clearNotifications(page);
    await runCommand(page, 'View: Hide Panel').catch(() => undefined);
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, LOOP_PIPELINE_FILE);
    await webviewFrame(page, '.react-flow__node');
    // The canvas takes the keyboard focus as it finishes loading, and a quick pick closes when focus leaves it (the
    // seed file pick once vanished that way in CI): let the canvas settle, then give the workbench the focus.
    await page.waitForTimeout(1000);
    await focusWorkbench(page);

    await runCommand(page, 'DataGenFlow: Choose Seed File for Pipeline');
    await pickIfAsked(page, 'Pipeline to choose a seed file for', LOOP_PIPELINE_FILE);
    await pickItem(page, `Seed file for ${LOOP_PIPELINE_FILE}`, LOOP_SEEDS_FILE);

    // Preview: the second block's prompt for the first seed, the first block's answer a named placeholder.
    await runCommand(page, 'DataGenFlow: Preview Prompts');
    await pickIfAsked(page, 'Pipeline whose prompts to preview', LOOP_PIPELINE_FILE);
    await pickItem(page, `Block of ${LOOP_PIPELINE_FILE} whose prompts to preview`, 'Critique');
    await waitForQuickPick(page, new RegExp(`Seed of ${LOOP_SEEDS_FILE}`));
    await quickInput(page).locator('.monaco-list-row').first().click();
    const preview = page.locator('.editor-group-container .view-lines', { hasText: `Critique this text about ${LOOP_TOPICS[0]}` });
    await preview.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const previewText = (await preview.first().innerText()).replace(/\s+/g, ' ');
    log(`preview: ${previewText.slice(0, 200)}`);
    check(/⟨answer from block "draft"⟩|⟨[^⟩]*draft[^⟩]*⟩/.test(previewText), `the preview names the first block's answer as a placeholder: ${previewText}`);
    await shots.window('g1-preview');

    // Try the first seed: the Try panel shows each block's output; no job is made.
    await runCommand(page, 'View: Close All Editors');
    await openFile(page, LOOP_PIPELINE_FILE);
    await runCommand(page, 'DataGenFlow: Try Seed');
    await pickIfAsked(page, 'Pipeline to try a seed with', LOOP_PIPELINE_FILE);
    await waitForQuickPick(page, new RegExp(`Seed of ${LOOP_SEEDS_FILE} to try`));
    await quickInput(page).locator('.monaco-list-row').first().click();
    const tryFrame = await webviewFrame(page, '[data-testid=try-blocks]');
    for (const block of ['draft', 'critique']) {
      await tryFrame.locator(`[data-testid=try-block-output-${block}]`).waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await tryFrame.locator('[data-testid=try-status]', { hasText: 'succeeded' }).first().waitFor({ timeout: UI_TIMEOUT_MS });
    log(`try: ${(await tryFrame.locator('[data-testid=try-summary]').first().innerText()).replace(/\s+/g, ' ')}`);
    await shots.window('g2-try');

    // Generate a job over the seed file.
    await clearNotifications(page);
    await runCommand(page, 'DataGenFlow: Generate');
    await pickIfAsked(page, 'Pipeline to run', LOOP_PIPELINE_FILE);
    await pickIfAsked(page, `Seed file for ${LOOP_PIPELINE_FILE}`, LOOP_SEEDS_FILE);
    const first = await waitForToast(page, new RegExp(`DataGenFlow job \\d+ \\(${LOOP_PIPELINE_NAME}\\) completed`));
    const [, firstJob] = checkMatch(first, /DataGenFlow job (\d+)/, 'first job notification');
    log(`generated: ${first}`);

    // Edit only the last block's prompt (on disk, as a commit or another editor would).
    const file = join(workspace, LOOP_PIPELINE_FILE);
    const pipeline = JSON.parse(readFileSync(file, 'utf8')) as { blocks: { id: string; config: { user_prompt: string } }[] };
    pipeline.blocks[1].config.user_prompt = EDITED_PROMPT;
    writeFileSync(file, `${JSON.stringify(pipeline, null, 2)}\n`);
    await page.waitForTimeout(1500);

    // Re-run: the first block's answers are reused, the edited block asks the endpoint once per seed.
    await clearNotifications(page);
    await runCommand(page, 'DataGenFlow: Re-run Job with Changes');
    await pickItem(page, 'Re-run which job with the current pipeline?', new RegExp(`#${firstJob}\\b`));
    const rerun = await waitForToast(page, new RegExp(`DataGenFlow job \\d+ \\(${LOOP_PIPELINE_NAME}\\) completed`));
    log(`re-run: ${rerun}`);
    const [, rerunJob] = checkMatch(rerun, /DataGenFlow job (\d+)/, 're-run notification');
    check(rerunJob !== firstJob, `the re-run is a new job (#${rerunJob})`);
    const n = LOOP_TOPICS.length;
    checkMatch(rerun, new RegExp(`model calls: ${n} call\\(s\\) made, ${n} reused`), 'the re-run notification counts calls made and reused');
    await shots.window('g3-rerun');

    // Review the new job: the first step of its trace is marked reused, the edited one is not.
    await clearNotifications(page);
    await runCommand(page, 'DataGenFlow: Open Review');
    await pickItem(page, 'Review which job?', new RegExp(`#${rerunJob}\\b`));
    const review = await webviewFrame(page, '[data-testid=review-root]');
    await review.locator('[data-testid=record-position]', { hasText: `Record 1 of ${n}` }).waitFor({ timeout: UI_TIMEOUT_MS });
    const toggle = review.locator('[data-testid=trace-toggle]');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await review.locator('[data-testid=trace-reused-0]').waitFor({ timeout: UI_TIMEOUT_MS });
    check((await review.locator('[data-testid=trace-reused-1]').count()) === 0, 'the edited block was asked again, not reused');
    await review.getByText('In one sentence, what is missing', { exact: false }).first().waitFor({ timeout: UI_TIMEOUT_MS }).catch(() => log('the edited prompt text is not shown in the record view'));
    await shots.window('g4-review-reused');
  },
};
