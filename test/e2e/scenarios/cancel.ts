// b. The progress notification's Cancel button: the job ends cancelled, says so, and the Jobs tree shows it.
import { PIPELINE_FILE, PIPELINE_NAME } from '../e2eWorkspace';
import { check, checkMatch, type Scenario } from '../scenarioTypes';
import { clearNotifications, openActivity, pickItem, runCommand, sideBarRow, toast, waitForToast } from '../workbench';
import { PROGRESS_TEXT } from './generate';

export const cancelScenario: Scenario = {
  id: 'b-cancel',
  title: "Cancel a running job from its progress notification's Cancel button",
  async run({ page, shots, log }) {
    await clearNotifications(page);
    await runCommand(page, 'DataGenFlow: Generate');
    await pickItem(page, 'Pipeline to run', PIPELINE_FILE);
    // The seed file used last with this pipeline comes first, marked "last used".
    await pickItem(page, `Seed file for ${PIPELINE_FILE}`, /articles\.json.*last used/);

    const running = new RegExp(`DataGenFlow: ${PIPELINE_NAME}.*${PROGRESS_TEXT.source.replace('seed (\\d+)', 'seed ([2-6])')}`);
    const progress = await waitForToast(page, running);
    log(`progress before Cancel: ${progress}`);
    const cancel = toast(page, running).getByRole('button', { name: 'Cancel' });
    await shots.around('b1-before-cancel', [toast(page, running)], 24);
    await cancel.click();

    const ended = await waitForToast(page, new RegExp(`DataGenFlow job (\\d+) \\(${PIPELINE_NAME}\\) cancelled`));
    log(`cancelled: ${ended}`);
    const [, jobId, generated, total] = checkMatch(ended, /job (\d+) \(.*\) cancelled: (\d+) generated, \d+ failed of (\d+)/, 'cancel notification');
    check(Number(generated) < Number(total), `a cancelled job generated ${generated} of ${total}: it should have stopped early`);
    await shots.window('b2-cancelled');

    await openActivity(page, 'DataGenFlow');
    const row = sideBarRow(page, new RegExp(`#${jobId} · cancelled · ${generated}/${total}`));
    await row.waitFor();
    log(`Jobs tree: ${(await row.innerText()).replace(/\s+/g, ' ')}`);
    await shots.window('b3-jobs-tree');
  },
};
