/**
 * `npm run bench:review`: the Review panel's figures on a job of 100,000 realistic records (bench/storeBenchData.ts)
 * in a durable workspace database. The production build of the webview runs in headless chromium through the test
 * harness, with the real ReviewService and protocol handlers as its host. Prints figures; asserts nothing.
 * Flags: --records N (default 100000), --opens N (default 5), --presses N (default 40), --page-through N (default 1000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { productionWebviewBundle } from './productionWebviewBundle';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ResultSink } from '../src/core/records/unitResult';
import { openWorkspaceStore } from '../src/core/store/openWorkspaceStore';
// @ts-expect-error an .mjs helper shared with the runners; typed by its JSDoc
import { launchHeadlessChromium } from '../test/integration/headlessChromium.mjs';
import { openReviewHarness, type ReviewHarness } from '../test/unit/review/reviewHarnessHost';
import { percentile } from './benchStats';
import { benchJob, benchResult } from './storeBenchData';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const RECORDS = flag('--records', 100_000);
const OPENS = flag('--opens', 5);
const PRESSES = flag('--presses', 40);
const PAGE_THROUGH = flag('--page-through', 1000);
const IN_FLIGHT = 32;

// In the page: when the record on screen and the counts were first drawn, and when the record id last changed.
const PAGE_PROBE = `(() => {
  window.__dgfShownAt = 0; window.__dgfFirstDrawAt = 0;
  let last = '';
  new MutationObserver(() => {
    const id = document.querySelector('[data-testid=record-id]');
    const count = document.querySelector('[data-testid=count-pending]');
    if (!id) return;
    if (!window.__dgfFirstDrawAt && count && count.textContent !== '0') window.__dgfFirstDrawAt = performance.now();
    if (id.textContent !== last) { last = id.textContent; window.__dgfShownAt = performance.now(); }
  }).observe(document, { subtree: true, childList: true, characterData: true });
})()`;

async function fill(sink: ResultSink): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < RECORDS) {
      const n = next++;
      await sink.write(benchResult(n));
      if (n % 10_000 === 0) process.stdout.write(`\r  writing ${n} / ${RECORDS}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  process.stdout.write(`\r  written ${RECORDS} / ${RECORDS}\n`);
}


async function heapUsedMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / 1024 / 1024;
}

/** Presses `key` and waits until another record is on screen; the time is measured in the page. */
async function pressUntilShown(page: Page, key: string): Promise<number> {
  const before = await page.evaluate('window.__dgfShownAt');
  await page.keyboard.press(key);
  await page.waitForFunction((t) => (window as unknown as { __dgfShownAt: number }).__dgfShownAt > (t as number), before, { polling: 'raf', timeout: 10_000 });
  return page.evaluate('window.__dgfShownAt - window.__dgfKeyAt') as Promise<number>;
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dgf-review-bench-'));
  const browser: Browser = await launchHeadlessChromium();
  let review: ReviewHarness | undefined;
  try {
    console.log(`review benchmark: ${RECORDS} records (~2 KB of state each, 3-block traces), durable database in ${dir}, node ${process.version}`);
    const opened = await openWorkspaceStore(join(dir, 'workspace.db'), 'review bench');
    const store = opened.store;
    const job = await store.createJob(benchJob(RECORDS));
    const fillStart = performance.now();
    await fill(store.recordSink(job.id));
    console.log(`  filled in ${(performance.now() - fillStart) / 1000} s\n`);
    const bundle = await productionWebviewBundle('review');

    // 1. Open: the panel's page loads, handshakes, asks for the jobs, the job and the first record; measured in the
    // page from navigation start until the first record and the counts are drawn. The first open is cold (nothing
    // cached in the database's pages); later ones reload the page.
    const coldStart = performance.now();
    review = await openReviewHarness({ store, boot: { jobId: job.id }, browser, distDir: bundle });
    const page = review.harness.page;
    await page.waitForSelector('[data-testid=record-id]', { timeout: 30_000 });
    const coldWall = performance.now() - coldStart;
    // Since navigation start, read once the record is there: an upper bound (includes the wait's polling).
    const coldInPage = (await page.evaluate('performance.now()')) as number;
    // Where the cold open's time went, on the page's clock: the bundle's download and run, then each request.
    const origin = (await page.evaluate('performance.timeOrigin')) as number;
    // Element Timing entries are delivered to a buffered observer (not to getEntriesByType).
    const painted = (await page.evaluate(`new Promise((resolve) => {
      setTimeout(() => resolve(NaN), 2000);
      new PerformanceObserver((list) => {
        const e = list.getEntries().find((x) => x.identifier === 'record-id');
        if (e) resolve(e.renderTime || e.loadTime);
      }).observe({ type: 'element', buffered: true });
    })`)) as number;
    const script = (await page.evaluate(`performance.getEntriesByType('resource').filter((e) => e.name.endsWith('review.js')).map((e) => e.responseEnd)[0] ?? 0`)) as number;
    const coldSteps = review.requests
      .filter((r) => r.method !== 'keysOff' && r.method !== 'commandOutcome' && r.method !== 'charts')
      .map((r) => `${r.method} ${(r.receivedAt - origin).toFixed(0)}→${((r.repliedAt ?? Number.NaN) - origin).toFixed(0)}`)
      .join(', ');
    await page.addInitScript(PAGE_PROBE);
    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __dgfFirstDrawAt: number }).__dgfFirstDrawAt > 0, undefined, { timeout: 30_000, polling: 'raf' });
      opens.push((await page.evaluate('window.__dgfFirstDrawAt')) as number);
    }
    const charts = await page.waitForSelector('[data-testid^=chart-]', { timeout: 30_000 }).then(() => 'drawn', () => 'not drawn');
    console.log('open the panel on the job (page load → first record and counts drawn):');
    console.log(`  first (cold) open: the first record painted at ${fmt(painted)} since navigation start (Element Timing); read back from Node at ${fmt(coldInPage)}; ${fmt(coldWall)} wall clock including a new browser context and page`);
    console.log(`  cold open on the page's clock (ms since navigation start): review.js loaded at ${script.toFixed(0)}; requests received→answered: ${coldSteps}`);
    console.log(`  reloads (${OPENS}), measured in the page since navigation start: median ${fmt(percentile(opens, 50))}, max ${fmt(Math.max(...opens))} (goal ≤ 1000 ms)`);
    console.log(`  charts (a scan of the job, requested after the first record): ${charts}\n`);

    // 2. A → next record. In VS Code: keydown in the webview → the workbench's keybinding service → the command in
    // the extension host → event to the webview → setStatus request (which answers with the next record) → drawn.
    // Here the page forwards the keydown to Node (the harness's host), which emits the command event back, then the
    // same request goes to the real handlers: two page↔Node round trips, as in VS Code (whose hops are IPC).
    await page.locator('[data-testid=record-position]').click();
    for (let i = 0; i < 3; i++) await pressUntilShown(page, 'a'); // warm-up
    const presses: number[] = [];
    for (let i = 0; i < PRESSES; i++) presses.push(await pressUntilShown(page, 'a'));
    console.log(`key A → next record drawn (${PRESSES} presses, measured in the page from keydown to the new record id in the DOM):`);
    console.log(`  median ${fmt(percentile(presses, 50))}, p95 ${fmt(percentile(presses, 95))}, max ${fmt(Math.max(...presses))} (goal ≤ 50 ms)`);
    console.log(`  each press is a durable review action (journal append + flush) in the host\n`);

    // 3. Memory: the webview's JS heap after paging through records with N.
    const heapBefore = await heapUsedMb(page);
    const pageStart = performance.now();
    for (let i = 0; i < PAGE_THROUGH; i++) await pressUntilShown(page, 'n');
    const pagedMs = performance.now() - pageStart;
    const heapAfter = await heapUsedMb(page);
    console.log(`webview JS heap (CDP Performance.getMetrics JSHeapUsedSize after a forced GC):`);
    console.log(`  after opening: ${heapBefore.toFixed(1)} MB; after paging through ${PAGE_THROUGH} records with N: ${heapAfter.toFixed(1)} MB (${(pagedMs / PAGE_THROUGH).toFixed(1)} ms per record)`);
    console.log(`  harness errors (CSP, page errors): ${review.harness.errors.length ? review.harness.errors.join('; ') : 'none'}\n`);

    // 4. Where the host's time goes (plain Node, no browser): the requests a key press and an open make.
    const service = review.service;
    const position = { jobId: job.id, status: 'pending' as const, offset: 0 };
    const hostTimes = async (label: string, fn: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        await fn();
        times.push(performance.now() - start);
      }
      console.log(`  ${label}: median ${fmt(percentile(times, 50))}, max ${fmt(Math.max(...times))}`);
    };
    console.log('host side, 20 calls each:');
    await hostTimes('counts', () => service.counts(job.id));
    await hostTimes('record at offset 0 (count of the filter, one row, its trace)', () => service.recordAt(position));
    await hostTimes('record at offset 50,000', () => service.recordAt({ ...position, offset: 50_000 }));
    await hostTimes('page of 25', () => service.page(position, 25));
    await hostTimes('setStatus accept + next record (durable)', async () => {
      const at = await service.recordAt(position);
      if (at.record) await service.setStatus(job.id, [at.record.id], 'accepted', position);
    });
    await hostTimes('open job (summary, counts, layout, 20-record field sample)', () => service.openJob(job.id));
    const chartStart = performance.now();
    await service.charts(job.id + 0);
    console.log(`  charts (cached after the panel's request): ${fmt(performance.now() - chartStart)}`);
    await review.harness.close();
    review = undefined;
    await opened.close();
    rmSync(bundle, { recursive: true, force: true });
  } finally {
    await review?.harness.close();
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
