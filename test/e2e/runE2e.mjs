// `npm run test:e2e`: UI scenarios as a person runs them. Debian's chromium drives real VS Code (code-server from
// npm) with the extension installed from the packaged .vsix, on a scratch workspace whose model is an in-process
// fake OpenAI server. Screenshots of every step go to test-results/e2e/.
// Runs under `node --import tsx` so it can load the TypeScript scenarios and test/fixtures/fakeOpenAiServer.ts.
// Flags: --dev (load the repo as a development extension instead of the .vsix), --readme-screenshots (also copy
// the crops the README shows into media/screenshots/), --only=<scenario id prefix>[,…], --out=<screenshot folder>.
import { launchHeadlessChromium, prepareWorkbenchPage } from '../integration/headlessChromium.mjs';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureCodeServer } from '../integration/codeServerInstall.mjs';
import { readRemoteAuthority, startCodeServer, stopAllCodeServers } from '../integration/codeServerProcess.mjs';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer.ts';
import { createWorkspace, PIPELINE_FILE } from './e2eWorkspace.ts';
import { installVsix } from './installVsix.mjs';
import { SCENARIOS, README_SHOTS } from './scenarios/index.ts';
import { Shots } from './shots.ts';
import { explorerRow, UI_TIMEOUT_MS } from './workbench.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
// --out=<dir> keeps two runs apart; --only=<id prefix>[,…] runs those scenarios (in the usual order) and no others.
const outArg = args.find((a) => a.startsWith('--out='));
const onlyArg = args.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',').filter(Boolean) : undefined;
const resultsDir = outArg ? resolve(outArg.slice('--out='.length)) : join(repoRoot, 'test-results', 'e2e');
const readmeShotsDir = join(repoRoot, 'media', 'screenshots');
const devMode = args.includes('--dev');
// Small enough for committed crops, wide enough for the side bar, an editor and the notifications side by side.
const VIEWPORT = { width: 1280, height: 760 };
const SIDE_BAR_EXTRA_PX = 130;
// Each answer waits this long, so a 16-request job runs for a few seconds: the progress is there to be seen.
const FAKE_LATENCY_MS = 300;

const say = (line) => console.log(`[e2e] ${line}`);

/** Everything started here, for the exit paths (errors and signals alike). */
const started = { browser: undefined, fake: undefined };

async function main() {
  const began = Date.now();
  rmSync(resultsDir, { recursive: true, force: true });
  const vsix = devMode ? buildDev() : packageVsix();
  const entry = await ensureCodeServer(join(repoRoot, '.vscode-test'), say);
  const runDir = mkdtempSync(join(tmpdir(), 'datagenflow-e2e-'));
  started.fake = await FakeOpenAiServer.start({ latencyMs: FAKE_LATENCY_MS });
  const workspace = createWorkspace(runDir, repoRoot, started.fake.baseUrl);
  if (vsix) say(installVsix(entry, runDir, vsix));

  const server = await startCodeServer({ entry, runDir, env: process.env, trustWorkspaces: false });
  say(`code-server on ${server.baseUrl}, fake OpenAI server on ${started.fake.baseUrl}`);
  started.browser = await launchHeadlessChromium();
  const page = await started.browser.newPage({ viewport: VIEWPORT });
  await prepareWorkbenchPage(page);
  page.on('pageerror', (error) => console.error(`[e2e] page error: ${error.message}`));
  const shots = new Shots(page, resultsDir);
  await openWorkbench(page, await workbenchUrl(server.baseUrl, workspace));

  const outcomes = [];
  for (const scenario of SCENARIOS.filter((s) => !only || only.some((o) => s.id.startsWith(o)))) {
    const t0 = Date.now();
    say(`${scenario.id}: ${scenario.title}`);
    try {
      await scenario.run({ page, workspace, shots, log: (line) => say(`  ${line}`) });
      outcomes.push({ scenario, ok: true, ms: Date.now() - t0 });
      say(`  passed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (error) {
      outcomes.push({ scenario, ok: false, ms: Date.now() - t0, error });
      say(`  FAILED: ${error instanceof Error ? error.message : error}`);
      await shots.window(`${scenario.id}-FAILED`).catch(() => {});
    }
  }
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0 && args.includes('--readme-screenshots')) copyReadmeShots();
  say(`screenshots in ${resultsDir}`);
  say(`total ${((Date.now() - began) / 1000).toFixed(1)} s`);
  if (failed.length === 0) removeRunDir(runDir);
  else say(`run folder kept for inspection: ${runDir} (code-server.log)`);
  console.log(`${outcomes.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0 ? 0 : 1;
}

/** `npm run package`: the production bundle in a .vsix, as users install it. */
function packageVsix() {
  say('npm run package');
  const result = spawnSync('npm', ['run', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run package failed:\n${result.stdout}\n${result.stderr}`);
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

/** --dev: the development bundles in dist/, loaded from the repo (no .vsix). */
function buildDev() {
  say('node esbuild.mjs');
  const result = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node esbuild.mjs failed:\n${result.stdout}\n${result.stderr}`);
  return undefined;
}

async function workbenchUrl(baseUrl, workspace) {
  const url = `${baseUrl}/?folder=${encodeURIComponent(workspace)}`;
  if (!devMode) return url;
  // As test/integration/runCodeServer.mjs does, without a tests path: the repo loads as a development extension.
  const payload = [['extensionDevelopmentPath', `vscode-remote://${await readRemoteAuthority(baseUrl)}${repoRoot}`], ['skipWelcome', 'true']];
  return `${url}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function openWorkbench(page, url) {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await explorerRow(page, PIPELINE_FILE).waitFor({ timeout: UI_TIMEOUT_MS });
  say('workbench loaded, explorer shows the workspace');
  await widenSideBar(page);
}

/** Drags the side bar's edge to the right, so the Jobs items' descriptions fit in the screenshots. */
async function widenSideBar(page) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) throw new Error('the workbench shows no side bar');
  const edge = { x: box.x + box.width, y: box.y + box.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(edge.x + SIDE_BAR_EXTRA_PX, edge.y, { steps: 5 });
  await page.mouse.up();
}

function copyReadmeShots() {
  mkdirSync(readmeShotsDir, { recursive: true });
  for (const [shot, file] of Object.entries(README_SHOTS)) copyFileSync(join(resultsDir, `${shot}.png`), join(readmeShotsDir, file));
  say(`copied ${Object.values(README_SHOTS).join(', ')} into ${readmeShotsDir}`);
}

let shuttingDown;
function shutdown() {
  shuttingDown ??= Promise.all([started.browser?.close().catch(() => {}), stopAllCodeServers(), started.fake?.close()]);
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // code-server runs in its own process group, so a Ctrl+C on the runner does not reach it: stop it here.
  process.once(signal, () => {
    console.error(`[e2e] ${signal}: stopping`);
    shutdown().finally(() => process.exit(130));
  });
}

main()
  .catch((error) => {
    console.error(`[e2e] FAILED: ${error instanceof Error ? error.stack : error}`);
    console.log('0 passed, 1 failed');
    return 1;
  })
  .then(async (code) => {
    await shutdown();
    process.exit(code);
  });

/**
 * Removes the run's temporary folder. code-server and chromium are still shutting down and may write a last log
 * file into it meanwhile (ENOTEMPTY): retried, and a folder that still cannot go is reported, not a failed run.
 */
function removeRunDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    say(`could not remove the run folder ${dir}: ${error instanceof Error ? error.message : error}`);
  }
}
