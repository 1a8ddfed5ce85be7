import assert from 'node:assert/strict';
import { RpcHost } from '../../../src/host/rpcHost';
import { createReportHandlers } from '../../../src/report/reportHandlers';
import { ReportSession } from '../../../src/report/reportSession';
import type { ReportEvents, ReportMethods } from '../../../src/shared/reportProtocol';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import type { WebviewHarness } from '../../webview/webviewHarness';
import type { HarnessTheme } from '../../webview/themeVariables';
import { browserHarnessSuite, type BrowserHarnessSuite } from '../helpers/browserHarnessSuite';
import { openStore } from '../store/storeTestKit';
import { addJob, failedUnit, prose, unit } from './reportFixture';

/** Plays the host of the Report panel: the real handlers and session, scanning a real (in-memory) store. */
async function openReportHarness(webviews: BrowserHarnessSuite, store: WorkspaceStore, theme: HarnessTheme, calls: string[]) {
  let host!: RpcHost<ReportMethods, ReportEvents>;
  let harness!: WebviewHarness;
  const session = new ReportSession({ source: async () => store, onView: (view) => host?.emit('view', view) });
  harness = await webviews.open({
    app: 'report',
    theme,
    viewport: { width: 1200, height: 900 },
    onMessage: (m, h) => {
      harness ??= h;
      host ??= new RpcHost<ReportMethods, ReportEvents>((msg) => void harness.post(msg), createReportHandlers({
        state: () => session.view,
        rescan: () => void session.rescan(),
        setMetric: (metric) => void session.setMetric(metric),
        openReview: async (jobId) => void calls.push(`openReview ${jobId}`),
      }));
      return host.receive(m);
    },
  });
  return { harness, session };
}

async function twoJobs(store: WorkspaceStore): Promise<[number, number]> {
  const results = (variant: number) =>
    Array.from({ length: 40 }, (_, i) => {
      if (variant === 0 && i % 13 === 12) return failedUnit(i, 0, `Block answer (TextGenerator): HTTP 500 after ${i} ms`);
      const answer = i % 10 === 3 ? "I'm sorry, but I can't help with that." : i % 10 === 7 ? prose(i - 1, 40 + variant * 20) : prose(i, 40 + variant * 20 + (i % 5) * 15);
      return unit(i, 0, { answer, rating: { score: ((i * (variant + 3)) % 5) + 1 }, review: { verdict: 'ok', score: i % 3 } });
    });
  return [await addJob(store, results(0), { metadata: { plan: { units: 40, calls: 40, inputTokens: 1, outputTokens: 1, outputSource: 'none', costComplete: true, prices: { perKInput: 0.5, perKOutput: 1.5 } } } }), await addJob(store, results(1))];
}

describe('Report webview (browser harness)', function () {
  this.timeout(90_000);
  const webviews = browserHarnessSuite();

  for (const theme of ['dark', 'light'] as const) {
    it(`draws a job's dataset report: statuses, failures, duplicates, refusals, charts, cost (${theme})`, async () => {
      const { store } = await openStore();
      const [a] = await twoJobs(store);
      const calls: string[] = [];
      const opened = await openReportHarness(webviews, store, theme, calls);
      const page = opened.harness.page;
      await opened.session.show({ kind: 'report', jobId: a });
      await page.waitForSelector('[data-testid=dataset-report]');
      assert.equal(await page.locator('[data-testid=report-title]').innerText(), `Dataset Report: job #${a}`);
      assert.match(await page.locator('[data-testid=card-statuses]').innerText(), /failed\s+3/);
      assert.match(await page.locator('[data-testid=failures]').innerText(), /3\s+Block answer \(TextGenerator\): HTTP # after # ms/);
      assert.match(await page.locator('[data-testid=card-duplicates]').innerText(), /\d+\s+exact/);
      assert.match(await page.locator('[data-testid=card-refusals]').innerText(), /4\s+refused/);
      assert.match(await page.locator('[data-testid=card-usage]').innerText(), /\$50\.00 at the plan's prices/);
      assert.equal(await page.locator('[data-testid=text-answer] svg rect.bar').count(), 20);
      assert.ok(await page.locator('[data-testid="score-rating.score"] svg').isVisible());
      assert.match(await page.locator('[data-testid=schema]').innerText(), /review\s+100%/);
      await page.screenshot({ path: `/tmp/dgf-report-${theme}.png`, fullPage: true });
      await page.click('text=Review');
      assert.deepEqual(calls, [`openReview ${a}`]);
    });
  }

  it('shows progress while scanning, then two jobs compared: units, overlays, metric choice and diffs', async () => {
    const { store } = await openStore();
    const [a, b] = await twoJobs(store);
    const opened = await openReportHarness(webviews, store, 'dark', []);
    const { harness } = opened;
    const page = harness.page;
    // Progress as the host pushes it while a scan runs.
    await harness.post({ kind: 'event', event: 'view', payload: { kind: 'compare', jobs: [a, b], title: 'Compare', progress: { done: 1000, total: 40000 } } });
    await page.waitForSelector('[data-testid=report-progress]:has-text("Scanning… 1,000 / 40,000 records")');
    await opened.session.show({ kind: 'compare', jobs: [a, b] });
    await page.waitForSelector('[data-testid=compare]');
    assert.equal(await page.locator('[data-testid=report-progress]').count(), 0);
    assert.match(await page.locator('[data-testid=compare-units]').innerText(), /40\s+units in both/);
    assert.ok(await page.locator('[data-testid="overlay-score-rating.score"] svg rect.bar.b').count() > 0);
    assert.ok(await page.locator('[data-testid="overlay-tokens-answer"]').isVisible());
    const better = page.locator('[data-testid=compare-better] details').first();
    await better.locator('summary').click();
    assert.ok(await better.locator('.diff-text .added').count() > 0, 'the changed answer shows what B added');
    await page.screenshot({ path: '/tmp/dgf-compare-dark.png', fullPage: true });
    await page.selectOption('[data-testid=compare-metric]', 'review.score').catch(async () => {
      // The toolkit's dropdown is a custom element: choose through its option.
      await page.locator('[data-testid=compare-metric]').click();
      await page.locator('[data-testid=compare-metric] >> text=review.score').click();
    });
    await opened.session.settled;
    await page.waitForSelector('[data-testid=compare-units]');
    assert.equal(opened.session.view.kind === 'compare' ? opened.session.view.metric : undefined, 'review.score');
  });
});
