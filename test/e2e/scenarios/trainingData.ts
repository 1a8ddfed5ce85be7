// h. Training data (issue 16): generate a multi-turn chat job (the fake server plays the user and the assistant),
// review its transcript, export it as OpenAI chat fine-tuning JSONL and as a Hugging Face dataset folder from the
// Review panel's Export As… dialog, open its Dataset Report, generate a second job over the same seeds and compare
// the two. The README's pictures of these four views are taken in the light and the dark theme.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { CHAT_MODEL, CHAT_PIPELINE_FILE, CHAT_PIPELINE_NAME, CHAT_SEEDS_FILE } from '../e2eWorkspace';
import { check, checkMatch, type E2eContext, type Scenario } from '../scenarioTypes';
import { ChatSimulator, REFUSAL } from './chatSimulator';
import {
  chooseColorTheme,
  focusWorkbench,
  chooseDropdownOption,
  chooseMenuItem,
  clearNotifications,
  contextMenu,
  openActivity,
  openFile,
  pickItem,
  quickInput,
  runCommand,
  sideBarRow,
  UI_TIMEOUT_MS,
  waitForProposedPath,
  waitForQuickPick,
  waitForToast,
  webviewFrame,
} from '../workbench';

const ROLES = new Set(['system', 'user', 'assistant']);

interface Turn {
  role: string;
  content: string;
}

/** Picks from a quick pick only if it comes up (a command given the active pipeline does not ask for it). */
async function pickIfAsked(page: Page, prompt: string, item: string | RegExp): Promise<void> {
  const asked = await waitForQuickPick(page, prompt).then(
    () => true,
    () => false,
  );
  if (asked) await pickItem(page, prompt, item);
}

/** A transcript as ConversationGenerator writes it: the system message, then 2–4 exchanges user → assistant. */
function checkConversation(turns: Turn[], where: string): number {
  const roles = turns.map((t) => t.role);
  check(roles[0] === 'system', `${where}: the first turn is the system message (${roles.join(', ')})`);
  const dialogue = roles.slice(1);
  const exchanges = dialogue.length / 2;
  check(Number.isInteger(exchanges) && exchanges >= 2 && exchanges <= 4, `${where}: 2 to 4 exchanges (${roles.join(', ')})`);
  check(dialogue.every((role, i) => role === (i % 2 === 0 ? 'user' : 'assistant')), `${where}: user and assistant take turns (${roles.join(', ')})`);
  check(turns.every((t) => ROLES.has(t.role) && typeof t.content === 'string' && t.content.trim() !== ''), `${where}: every turn has a known role and text`);
  return exchanges;
}

/** Generates a job of the chat pipeline over its seeds; the job's id, from the completion notification. */
async function generateChatJob(page: Page, seeds: number, log: (line: string) => void): Promise<number> {
  await focusWorkbench(page);
  await clearNotifications(page);
  // Generate runs the pipeline of the active editor (else the last one used, which after other scenarios is not
  // this one): open the chat pipeline first, as a person would.
  await runCommand(page, 'View: Close All Editors');
  await openFile(page, CHAT_PIPELINE_FILE);
  await webviewFrame(page, '.react-flow__node');
  await runCommand(page, 'DataGenFlow: Generate');
  await pickIfAsked(page, 'Pipeline to run', CHAT_PIPELINE_FILE);
  await pickIfAsked(page, `Seed file for ${CHAT_PIPELINE_FILE}`, CHAT_SEEDS_FILE);
  const done = await waitForToast(page, new RegExp(`DataGenFlow job \\d+ \\(${CHAT_PIPELINE_NAME}\\) completed`));
  log(`generated: ${done}`);
  checkMatch(done, new RegExp(`completed: ${seeds} generated, 0 failed of ${seeds}`), 'completion notification');
  return Number(checkMatch(done, /DataGenFlow job (\d+)/, 'completion notification')[1]);
}

/** Points the chat model of the workspace's settings at `baseUrl`; returns the settings file's text before. */
function pointChatModelAt(workspace: string, baseUrl: string): string {
  const file = join(workspace, '.vscode', 'settings.json');
  const before = readFileSync(file, 'utf8');
  const settings = JSON.parse(before) as { 'datagenflow.models': { name: string; baseUrl: string }[] };
  const model = settings['datagenflow.models'].find((m) => m.name === CHAT_MODEL);
  if (!model) throw new Error(`.vscode/settings.json has no model ${CHAT_MODEL}`);
  model.baseUrl = baseUrl;
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
  return before;
}

async function openReview(page: Page, jobId: number): Promise<Frame> {
  await runCommand(page, 'DataGenFlow: Open Review');
  await pickItem(page, 'Review which job?', new RegExp(`#${jobId} ·`));
  const review = await webviewFrame(page, '[data-testid=review-root]');
  await review.locator('[data-testid=job-select]', { hasText: `#${jobId}` }).waitFor({ timeout: UI_TIMEOUT_MS });
  await review.locator('[data-testid=chat-messages]').waitFor({ timeout: UI_TIMEOUT_MS });
  return review;
}

async function transcript(review: Frame): Promise<Turn[]> {
  return review.locator('[data-testid=chat-messages] [data-testid=chat-turn]').evaluateAll((items) =>
    items.map((li) => ({ role: li.getAttribute('data-role') ?? '', content: li.querySelector('.chat-content')?.textContent ?? '' })),
  );
}

/** Export As… in the Review panel, the format chosen, its live preview shown. */
async function openExportDialog(review: Frame, format: string): Promise<void> {
  await review.locator('[data-testid=export-as-button]').click();
  const dialog = review.locator('[data-testid=export-dialog]');
  await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
  const dropdown = review.locator('[data-testid=export-format]');
  if ((await dropdown.evaluate((el) => (el as unknown as { value: string }).value)) !== format) await chooseDropdownOption(dropdown, format);
  await review.locator('[data-testid=export-preview]', { hasText: /[{,]"/ }).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Export… in the dialog, Enter on the path the save dialog proposes; returns that path. */
async function exportFromDialog(page: Page, review: Frame, ending: RegExp, log: (line: string) => void): Promise<string> {
  await clearNotifications(page);
  await review.locator('[data-testid=export-run]').click();
  const proposed = await waitForProposedPath(page, ending);
  log(`save dialog proposes ${proposed}`);
  await page.keyboard.press('Enter');
  const done = await waitForToast(page, 'record(s) exported as');
  log(`export: ${done}`);
  return proposed;
}

/** The Jobs view's row of a job. */
function jobRow(page: Page, jobId: number) {
  return sideBarRow(page, new RegExp(`#${jobId} · completed`));
}

async function openReport(page: Page, jobId: number): Promise<Frame> {
  await openActivity(page, 'DataGenFlow');
  const row = jobRow(page, jobId);
  await row.waitFor({ timeout: UI_TIMEOUT_MS });
  await row.click();
  await chooseMenuItem(page, await contextMenu(page, row, 'Dataset Report'));
  const frame = await webviewFrame(page, '[data-testid=dataset-report]');
  await frame.locator('[data-testid=report-title]', { hasText: `#${jobId}` }).waitFor({ timeout: UI_TIMEOUT_MS });
  await frame.locator('[data-testid=report-progress]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  return frame;
}

async function openComparison(page: Page, a: number, b: number): Promise<Frame> {
  await openActivity(page, 'DataGenFlow');
  await jobRow(page, a).click();
  await jobRow(page, b).click({ modifiers: ['Control'] });
  await chooseMenuItem(page, await contextMenu(page, jobRow(page, b), 'Compare Jobs'));
  const frame = await webviewFrame(page, '[data-testid=compare]');
  await frame.locator('[data-testid=report-progress]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
  await frame.locator('[data-testid=compare-units]').waitFor({ timeout: UI_TIMEOUT_MS });
  return frame;
}

async function text(frame: Frame, selector: string): Promise<string> {
  return (await frame.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** The editor area (where the Review and Report panels are), as the README shows it. */
async function editorShot(ctx: E2eContext, name: string): Promise<void> {
  await ctx.shots.around(name, [ctx.page.locator('.part.editor .editor-group-container').first()], 0);
}

async function waitForTheme(frame: Frame, kind: 'light' | 'dark'): Promise<void> {
  await frame.locator(`body.vscode-${kind}`).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
}

export const trainingDataScenario: Scenario = {
  id: 'h-training-data',
  title: 'Training data: a multi-turn chat job, its transcript, chat JSONL and Hugging Face exports, the report, two jobs compared',
  async run(ctx) {
    const { page, workspace, shots, log } = ctx;
    // The template's example seeds, one repetition each: one conversation per seed.
    const SEEDS = (JSON.parse(readFileSync(join(workspace, CHAT_SEEDS_FILE), 'utf8')) as unknown[]).length;
    const simulator = new ChatSimulator();
    const fake = await FakeOpenAiServer.start({ latencyMs: 20, reply: (req) => simulator.reply(req) });
    const settingsBefore = pointChatModelAt(workspace, fake.baseUrl);
    try {
      // A clean window: the workbench has the keyboard (not a webview of an earlier scenario), no toasts, no editors.
      await focusWorkbench(page);
      await clearNotifications(page);
      await runCommand(page, 'View: Hide Panel').catch(() => undefined);
      await runCommand(page, 'View: Close All Editors');
      await chooseColorTheme(page, 'Light Modern');
      // The settings file changed on disk: give the window a moment to read it before the job asks for the model.
      await page.waitForTimeout(1500);

      // 1. Generate: every seed becomes a conversation, the simulated user and the assistant each asked per turn.
      const first = await generateChatJob(page, SEEDS, log);
      check(simulator.seen.user >= 2 * SEEDS && simulator.seen.assistant >= 2 * SEEDS, `the chat model was asked for both roles (${JSON.stringify(simulator.seen)})`);
      await shots.window('h1-generated');

      // 2. Review: the messages field is a transcript, roles styled, the system message first, turns alternating.
      const review = await openReview(page, first);
      const turns = await transcript(review);
      const exchanges = checkConversation(turns, 'the Review transcript');
      check(turns[1].content.startsWith('Hi! '), `the simulated user opens the conversation: ${turns[1].content}`);
      log(`transcript of record 1: ${exchanges} exchanges, roles ${turns.map((t) => t.role).join(' → ')}`);
      const pending = Number((await text(review, '[data-testid=count-pending]')).replace(/\D/g, ''));
      check(pending === SEEDS, `${SEEDS} records pending review (${pending})`);
      await clearNotifications(page);
      await shots.window('h2-review-chat');
      await editorShot(ctx, 'h2-review-chat-light');

      // 3. Export As… OpenAI chat fine-tuning JSONL: the preview shows the first lines; the file has one messages
      // array per line, the system message kept, roles and contents as generated.
      await openExportDialog(review, 'openai_chat');
      const preview = (await review.locator('[data-testid=export-preview]').innerText()).trim().split('\n');
      check(preview.length === Math.min(3, SEEDS), `the preview shows the first 3 output lines (${preview.length})`);
      for (const line of preview) checkConversation((JSON.parse(line) as { messages: Turn[] }).messages, 'a preview line');
      await shots.window('h3-export-dialog');
      await editorShot(ctx, 'h3-export-dialog-light');
      const chatFile = await exportFromDialog(page, review, /\.jsonl$/, log);
      check(existsSync(chatFile), `${chatFile} exists`);
      const lines = readFileSync(chatFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      check(lines.length === SEEDS, `${chatFile} has one line per record (${lines.length})`);
      for (const [i, line] of lines.entries()) {
        check(Object.keys(line).join() === 'messages' && Array.isArray(line.messages), `line ${i + 1} is {"messages": [...]} (${Object.keys(line).join()})`);
        checkConversation(line.messages as Turn[], `line ${i + 1} of the chat JSONL`);
      }
      const same = lines.find((l) => JSON.stringify((l.messages as Turn[]).map((t) => [t.role, t.content])) === JSON.stringify(turns.map((t) => [t.role, t.content])));
      check(same !== undefined, 'the transcript shown in Review is a line of the chat JSONL, turn for turn');
      check(lines.some((l) => (l.messages as Turn[]).some((t) => t.content === REFUSAL)), 'the finance seed got the refusal in the first job');
      await review.locator('[data-testid=export-dialog]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });

      // 4. Export As… Hugging Face dataset folder: data/*.parquet split by the seeded ratio, and a README.md card.
      await openExportDialog(review, 'huggingface');
      const hfFolder = await exportFromDialog(page, review, /exports\/[^/.]+$/, log);
      const parquet = existsSync(join(hfFolder, 'data')) ? readdirSync(join(hfFolder, 'data')).filter((f) => f.endsWith('.parquet')) : [];
      check(parquet.length >= 1 && parquet.some((f) => f.startsWith('train')), `${hfFolder}/data holds the splits' Parquet files (${parquet.join(', ')})`);
      const card = readFileSync(join(hfFolder, 'README.md'), 'utf8');
      check(card.startsWith('---\n') && /\nconfigs:/.test(card) && /\ndataset_info:/.test(card) && card.includes('messages'), `README.md is a dataset card with YAML metadata: ${card.slice(0, 200)}`);
      check(card.includes(CHAT_PIPELINE_NAME) || card.includes(CHAT_PIPELINE_FILE), 'the dataset card names the pipeline that produced it');
      log(`Hugging Face folder: data/${parquet.join(', data/')} and README.md (${card.length} characters)`);

      // 5. The Dataset Report of the job, from the Jobs view: counts, the refusal found, the diversity score histogram.
      const report = await openReport(page, first);
      const statuses = await text(report, '[data-testid=card-statuses]');
      check(statuses.includes(String(SEEDS)), `the report counts ${SEEDS} records: ${statuses}`);
      const refusals = await text(report, '[data-testid=card-refusals]');
      checkMatch(refusals, /^Refused and empty answers 1 refused/, 'the refusal card');
      await report.locator('[data-testid=text-messages]').waitFor({ timeout: UI_TIMEOUT_MS });
      await report.locator('[data-testid=score-diversity_score]').waitFor({ timeout: UI_TIMEOUT_MS });
      log(`report: ${statuses} | ${refusals}`);
      await clearNotifications(page);
      await shots.window('h4-dataset-report');
      await editorShot(ctx, 'h4-dataset-report-light');

      // 6. A second job over the same seeds (the assistant now answers every seed, at more length), compared with the first.
      simulator.take = 2;
      const second = await generateChatJob(page, SEEDS, log);
      const compare = await openComparison(page, first, second);
      const units = await text(compare, '[data-testid=compare-units]');
      log(`compare #${first} with #${second}: ${units}`);
      checkMatch(units, new RegExp(`^${SEEDS} units in both`), 'units compared');
      checkMatch(units, new RegExp(`${SEEDS} outputs changed`), 'every conversation changed');
      const metric = compare.locator('[data-testid=compare-metric]');
      check((await metric.evaluate((el) => (el as unknown as { value: string }).value)) === 'diversity_score', 'the comparison ranks units by diversity_score');
      const [, better, worse] = checkMatch(units, /(\d+) better in B (\d+) worse in B/, 'units better and worse');
      check(Number(better) + Number(worse) > 0, `the diversity of some conversations moved: ${units}`);
      await compare.locator(Number(better) > 0 ? '[data-testid=compare-better]' : '[data-testid=compare-worse]').waitFor({ timeout: UI_TIMEOUT_MS });
      await compare.locator('[data-testid=overlay-tokens-messages]').waitFor({ timeout: UI_TIMEOUT_MS });
      await clearNotifications(page);
      await shots.window('h5-compare');
      await editorShot(ctx, 'h5-compare-jobs-light');

      // 7. The same four views in the dark theme.
      await focusWorkbench(page);
      await chooseColorTheme(page, 'Dark Modern');
      await clearNotifications(page);
      await waitForTheme(await webviewFrame(page, '[data-testid=compare]'), 'dark');
      await editorShot(ctx, 'h5-compare-jobs-dark');
      const darkReport = await openReport(page, first);
      await waitForTheme(darkReport, 'dark');
      await editorShot(ctx, 'h4-dataset-report-dark');
      // Generating the second job closed the editors: Review opens again on the first job.
      const darkReview = await openReview(page, first);
      await waitForTheme(darkReview, 'dark');
      await editorShot(ctx, 'h2-review-chat-dark');
      await openExportDialog(darkReview, 'openai_chat');
      await editorShot(ctx, 'h3-export-dialog-dark');
      await darkReview.locator('[data-testid=export-dialog] vscode-button', { hasText: 'Close' }).click();
      await darkReview.locator('[data-testid=export-dialog]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    } catch (error) {
      // The window as the step left it (the runner's own screenshot comes after the clean-up below).
      await shots.window('h-training-data-failed-step').catch(() => undefined);
      throw error;
    } finally {
      // Leave the window as the other scenarios expect it: the light theme, no editors, the settings as they were.
      await quickInput(page)
        .waitFor({ state: 'hidden', timeout: 1000 })
        .catch(() => page.keyboard.press('Escape'));
      await focusWorkbench(page).catch(() => undefined);
      await chooseColorTheme(page, 'Light Modern').catch((e: unknown) => log(`could not switch back to the light theme: ${String(e)}`));
      await runCommand(page, 'View: Close All Editors').catch(() => undefined);
      writeFileSync(join(workspace, '.vscode', 'settings.json'), settingsBefore);
      await fake.close();
    }
  },
};
