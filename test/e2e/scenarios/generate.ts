// a. Generate from the command palette: pipeline and seeds from quick picks, the progress notification mid-run
// (percent, "seed i/n", block, counts), then the completion notification with the totals.
import { PIPELINE_FILE, PIPELINE_NAME, SEED_COUNT, SEEDS_FILE, UNITS } from '../e2eWorkspace';
import { check, checkMatch, type Scenario } from '../scenarioTypes';
import { openFile, pickItem, quickInput, runCommand, toast, waitForQuickPick, waitForToast } from '../workbench';

/** "DataGenFlow: JSON Generation: 37% · seed 3/8 · Extract title and description · 5 ok · 0 failed · 0:02". */
export const PROGRESS_TEXT = /(\d+)% · seed (\d+)\/(\d+) · ([^·]+?) · (\d+) ok · (\d+) failed · \d+:\d\d/;

export const generateScenario: Scenario = {
  id: 'a-generate',
  title: 'Generate from the command palette, with progress and a completion notification',
  async run({ page, shots, log }) {
    // The seed file in the editor (not a pipeline), so Generate asks for the pipeline too.
    await openFile(page, SEEDS_FILE);
    await runCommand(page, 'DataGenFlow: Generate');
    await waitForQuickPick(page, 'Pipeline to run');
    await quickInput(page).locator('.monaco-list-row', { hasText: 'text_classification.dgf.json' }).waitFor();
    await shots.around('a1-pick-pipeline', [quickInput(page)]);
    await pickItem(page, 'Pipeline to run', PIPELINE_FILE);

    await waitForQuickPick(page, `Seed file for ${PIPELINE_FILE}`);
    await shots.around('a2-pick-seeds', [quickInput(page)]);
    await pickItem(page, `Seed file for ${PIPELINE_FILE}`, SEEDS_FILE);

    // Mid-run: a later seed than the first, with records already generated, so every part of the text is live.
    const midRun = new RegExp(`DataGenFlow: ${PIPELINE_NAME}.*${PROGRESS_TEXT.source.replace('seed (\\d+)', 'seed ([3-7])')}`);
    const progress = await waitForToast(page, midRun);
    const [, percent, seed, seeds, block, ok] = checkMatch(progress, PROGRESS_TEXT, 'progress notification');
    log(`progress: ${progress}`);
    check(Number(seeds) === SEED_COUNT, `progress counts ${seeds} seeds, expected ${SEED_COUNT}`);
    check(Number(percent) > 0 && Number(percent) < 100, `progress is ${percent}% mid-run`);
    // The blocks' names in the template, not their types (StructuredGenerator, JSONValidatorBlock).
    check(block === 'Extract title and description' || block === 'Check the JSON', `progress names block ${block}`);
    check(Number(ok) > 0, `progress counts ${ok} generated records at seed ${seed}`);
    check(/Cancel/.test(progress), 'the progress notification has a Cancel button');
    await shots.window('a3-progress');
    await shots.around('a3-progress-crop', [toast(page, midRun)], 24);

    const done = await waitForToast(page, new RegExp(`DataGenFlow job \\d+ \\(${PIPELINE_NAME}\\) completed`));
    log(`completed: ${done}`);
    checkMatch(done, new RegExp(`completed: ${UNITS} generated, 0 failed of ${UNITS} in \\d+:\\d\\d`), 'completion notification');
    check(/Export JSONL/.test(done), 'the completion notification offers Export JSONL');
    await shots.window('a4-completed');
  },
};
