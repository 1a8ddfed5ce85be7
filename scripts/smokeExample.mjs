// Checks `npm start` end to end as a person would use it: starts it on scratch state, opens the printed URL in
// Debian's chromium, trusts the folder, sees the templates in the explorer, runs "DataGenFlow: Show Log", takes a
// screenshot, then presses Ctrl+C (SIGINT to the process group) and checks that no code-server is left.
// Usage: node scripts/smokeExample.mjs [screenshot.png]   (default test-results/example-smoke.png)
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { launchHeadlessChromium, prepareWorkbenchPage } from '../test/integration/headlessChromium.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const screenshot = resolve(process.argv[2] ?? 'test-results/example-smoke.png');
const TEMPLATE_FILES = ['json_generation.dgf.json', 'text_classification.dgf.json'];

const say = (line) => console.log(`[smoke] ${line}`);

/** Starts `npm start` in its own process group (like a terminal job) and resolves with the URL it prints. */
function startExample(root) {
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    // The browser flavour even where desktop VS Code's `code` is on PATH: that is what this check drives.
    env: { ...process.env, DATAGENFLOW_EXAMPLE_ROOT: root, DATAGENFLOW_START: 'browser' },
  });
  let output = '';
  const url = new Promise((resolveUrl, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m);
      if (match) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (code ${code}) before printing a URL:\n${output}`)));
  });
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, url, exited, output: () => output };
}

async function driveWorkbench(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  await prepareWorkbenchPage(page);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  say('workbench loaded');
  // Trust stays on in the example: a fresh profile asks once.
  const trust = page.getByRole('button', { name: 'Yes, I trust the authors' });
  await trust.waitFor({ timeout: 20_000 });
  await trust.click();
  say('trusted the example folder');
  for (const file of TEMPLATE_FILES) {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).waitFor({ timeout: 30_000 });
  }
  say(`explorer shows ${TEMPLATE_FILES.join(', ')}`);
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(TEMPLATE_FILES[0]);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: TEMPLATE_FILES[0] }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  // A pipeline opens in the canvas (the custom editor, a webview) by default.
  await page.locator('.editor-group-container .tab', { hasText: TEMPLATE_FILES[0] }).waitFor({ timeout: 30_000 });
  await canvasDrawn(page);
  say(`opened ${TEMPLATE_FILES[0]} in the pipeline canvas (its nodes are drawn)`);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('>DataGenFlow: Show Log');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'DataGenFlow: Show Log' }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.part.panel .view-lines', { hasText: 'DataGenFlow activated' }).waitFor({ timeout: 30_000 });
  say('Output panel shows the DataGenFlow channel: "DataGenFlow activated"');
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  say(`screenshot: ${screenshot}`);
}

/** The canvas is a webview, an iframe inside an iframe: waits for the frame whose document shows React Flow's nodes. */
async function canvasDrawn(page) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    for (const frame of page.frames()) {
      if (await frame.locator('.react-flow__node').count().catch(() => 0)) return;
    }
    await delay(200);
  }
  throw new Error('the pipeline canvas drew no nodes within 30 s');
}

/** Processes whose command line names the scratch root: code-server, its extension host, its helpers. */
function leftovers(root) {
  const found = spawnSync('pgrep', ['-af', root], { encoding: 'utf8' });
  return found.stdout.split('\n').filter((line) => line.trim() !== '' && !line.includes('pgrep'));
}

async function main() {
  const root = mkdtempSync(`${tmpdir()}/datagenflow-example-`);
  const example = startExample(root);
  let browser;
  let failure;
  try {
    const url = await Promise.race([example.url, delay(180_000).then(() => Promise.reject(new Error('no URL within 180 s')))]);
    // The SSH hint prints before the URL's caller gets it: the whole message is in the output by now.
    const port = new URL(url).port;
    if (!example.output().includes(`ssh -N -L ${port}:127.0.0.1:${port} `)) throw new Error(`npm start printed no SSH port-forward hint for port ${port}:\n${example.output()}`);
    say(`opening ${url}`);
    browser = await launchHeadlessChromium();
    await driveWorkbench(browser, url);
  } catch (error) {
    failure = error;
  } finally {
    await browser?.close().catch(() => {});
    // What Ctrl+C in a terminal does: SIGINT to the whole foreground process group.
    try {
      process.kill(-example.child.pid, 'SIGINT');
    } catch {
      // Already gone.
    }
  }
  const status = await Promise.race([example.exited, delay(20_000).then(() => undefined)]);
  if (!status) failure ??= new Error('npm start did not exit within 20 s of SIGINT');
  else say(`npm start exited (code ${status.code}, signal ${status.signal})`);
  const left = leftovers(root);
  if (left.length > 0) failure ??= new Error(`processes left after Ctrl+C:\n${left.join('\n')}`);
  else say('no code-server process left');
  if (failure) {
    console.error(`[smoke] FAILED: ${failure.message}\n[smoke] state kept in ${root}`);
    return 1;
  }
  rmSync(root, { recursive: true, force: true });
  say('OK');
  return 0;
}

main().then((code) => process.exit(code));
