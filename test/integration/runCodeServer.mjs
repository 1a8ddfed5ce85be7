// `npm run test:integration`: runs dist/test/integration.js (mocha) inside a real VS Code extension host, served by
// code-server from npm and driven by Debian's chromium, because @vscode/test-electron needs internet to fetch VS Code.
// Then a second, small run (dist/test/integrationTrust.js) in Restricted Mode: Workspace Trust on, folder untrusted.
// See /work/shared/design/vscode-testing.md for the measured facts behind each step.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

import { launchHeadlessChromium, prepareWorkbenchPage } from './headlessChromium.mjs';
import { ensureCodeServer } from './codeServerInstall.mjs';
import { defaultUserSettings, readRemoteAuthority, startCodeServer, stopAllCodeServers } from './codeServerProcess.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const extensionMain = join(repoRoot, 'dist', 'extension.js');
const workspaceFixture = join(here, 'workspace');
/**
 * Each run gets its own code-server, profile and copy of the workspace; `extraFiles` are copied into that copy
 * (from, to relative to the workspace: the fixtures live elsewhere because .datagenflow/ is git-ignored).
 * The Restricted-Mode run turns Workspace Trust on (code-server's --disable-workspace-trust off) and never prompts,
 * so the folder opens untrusted with no modal dialog in front of the workbench.
 */
const RUNS = [
  { name: 'trusted workspace', testEntry: join(repoRoot, 'dist', 'test', 'integration.js'), trustWorkspaces: false },
  {
    name: 'Restricted Mode',
    testEntry: join(repoRoot, 'dist', 'test', 'integrationTrust.js'),
    trustWorkspaces: true,
    userSettings: { ...defaultUserSettings(true), 'security.workspace.trust.startupPrompt': 'never' },
    extraFiles: [
      [join(here, 'trust', 'fixtures', 'settings.json'), '.vscode/settings.json'],
      [join(here, 'trust', 'fixtures', 'Marker.js'), '.datagenflow/blocks/Marker.js'],
    ],
  },
];
const TIMEOUT_MS = 5 * 60_000;
// Logged by test/integration/mochaRunner.ts when mocha starts.
const TESTS_START_MARKER = '[datagenflow] integration tests start';

/** The browser must not outlive the runner, whichever way it ends (servers: stopAllCodeServers). */
let launchedBrowser;

const say = (line) => console.log(`[integration] ${line}`);

async function main() {
  if (RUNS.some((run) => !existsSync(run.testEntry)) || !existsSync(extensionMain)) {
    say('dist/ is not built: running node esbuild.mjs');
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  const entry = await ensureCodeServer(join(repoRoot, '.vscode-test'), say);
  launchedBrowser = await launchHeadlessChromium();

  const outcomes = [];
  try {
    // One after the other: each run has its own server, and both share the machine with nothing else.
    for (const run of RUNS) {
      let outcome = await runOnce(run, entry);
      if (!outcome.ok && stuckWebviewsOnly(outcome.runDir)) {
        // A test-bed fault, not the extension's: code-server serves every webview from one origin, and now and then
        // the browser's webview service worker of an earlier webview keeps controlling new webview frames, which
        // then never load (browser.log: "Found unexpected service worker controller"; every later webview of that
        // page stays blank). Real VS Code gives each webview its own origin. Once, in a new code-server and a new
        // browser context, and said loudly; the failures of the first attempt stay in its kept run folder.
        say(`${run.name}: every failure is a webview that never started while the browser's webview service worker was stuck (code-server test bed, see ${outcome.runDir}/browser.log); running it once more in a new code-server and browser context`);
        outcome = await runOnce(run, entry);
      }
      outcomes.push(outcome);
    }
  } finally {
    await shutdown();
  }

  const passed = outcomes.reduce((sum, o) => sum + o.passed, 0);
  const failed = outcomes.reduce((sum, o) => sum + o.failed, 0);
  // One summary line for both runs, last on stdout (tools and people read the end of the output).
  console.log(`${passed} passed, ${failed} failed`);
  const bad = outcomes.filter((o) => !o.ok);
  if (bad.length === 0) return 0;
  for (const o of bad) {
    console.error(`[integration] FAILED (${o.name}): ${o.reason}`);
    console.error(`[integration] run folder kept for inspection: ${o.runDir} (code-server.log, workbench.log, results.json)`);
  }
  return 1;
}

/** One code-server + one workbench page running one test entry; never throws (a failure is an outcome). */
async function runOnce(run, entry) {
  const runDir = mkdtempSync(join(tmpdir(), 'datagenflow-it-'));
  const workspace = join(runDir, 'workspace');
  cpSync(workspaceFixture, workspace, { recursive: true });
  for (const [from, to] of run.extraFiles ?? []) cpSync(from, join(workspace, to));
  const resultsFile = join(runDir, 'results.json');
  const workbenchLog = join(runDir, 'workbench.log');
  say(`${run.name}: ${run.testEntry}`);

  let outcome;
  let server;
  try {
    server = await startCodeServer({
      entry,
      runDir,
      env: { ...process.env, DATAGENFLOW_TEST_RESULTS: resultsFile },
      trustWorkspaces: run.trustWorkspaces,
      ...(run.userSettings ? { userSettings: run.userSettings } : {}),
    });
    say(`code-server listening on ${server.baseUrl}`);
    const authority = await readRemoteAuthority(server.baseUrl);
    const exitCode = await runInWorkbench(launchedBrowser, testUrl(server.baseUrl, authority, workspace, run.testEntry), workbenchLog);
    outcome = report(exitCode, resultsFile);
  } catch (error) {
    outcome = { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await server?.stop();
  }
  const counts = countsOf(resultsFile);
  say(`${run.name}: ${counts.passed} passed, ${counts.failed} failed`);
  // Without results the test entry never ran to the end: the workbench log says why (load errors, activation...).
  if (!outcome.ok && !existsSync(resultsFile) && existsSync(workbenchLog)) {
    console.error(`[integration] last workbench log lines (${run.name}):\n${tail(workbenchLog, 30)}`);
  }
  if (outcome.ok && !process.env.DATAGENFLOW_KEEP_RUN) rmSync(runDir, { recursive: true, force: true });
  // A run that produced no results at all still counts as a failure in the combined line.
  return { name: run.name, runDir, ...outcome, passed: counts.passed, failed: Math.max(counts.failed, outcome.ok ? 0 : 1) };
}

function testUrl(baseUrl, authority, workspace, testEntry) {
  // The same `payload` mechanism VS Code's own browser integration tests use; paths are on the server side.
  const remote = (path) => `vscode-remote://${authority}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(repoRoot)],
    ['extensionTestsPath', remote(testEntry)],
    ['skipWelcome', 'true'],
  ];
  return `${baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Resolves with the code the workbench reports once the test entry's run() settles; rejects on timeout. */
async function runInWorkbench(browser, url, workbenchLog) {
  const page = await browser.newPage();
  await prepareWorkbenchPage(page);
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  // The workbench calls these (when defined) in extension-test mode: every log line, then the run's exit code.
  // Workbench start-up chatter goes to a log printed only on failure; from the test entry's start marker on,
  // every line (mocha's reporter, the extension's own logging) is forwarded.
  let testsStarted = false;
  // After the exit code, only shutdown chatter follows (the server stops before the browser): keep it in the log.
  let testsEnded = false;
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const text = Array.isArray(args) ? format(...args) : String(args);
    appendFileSync(workbenchLog, `${level} ${text}\n`);
    if (text === TESTS_START_MARKER) testsStarted = true;
    else if (testsStarted && !testsEnded) for (const line of text.split('\n')) console.log(`  ${level === 'info' ? '' : `${level}: `}${line}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    testsEnded = true;
    finish(code);
  });
  page.on('pageerror', (error) => console.error(`[integration] page error: ${error.message}`));
  // The browser's own console (the workbench's and every webview frame's) goes to browser.log beside the workbench
  // log: when a webview does not start, this is where it says why.
  const browserLog = join(dirname(workbenchLog), 'browser.log');
  page.on('console', (m) => appendFileSync(browserLog, `${new Date().toISOString().slice(11, 23)} ${m.type()} [${m.location().url?.slice(0, 120) ?? ''}] ${m.text()}\n`));
  page.on('frameattached', (f) => appendFileSync(browserLog, `${new Date().toISOString().slice(11, 23)} frame attached ${f.url().slice(0, 160)}\n`));
  // Webview frames live on their own *.localhost origins (prepareWorkbenchPage): their requests say whether a frame
  // that never starts was ever served.
  const webviewRequest = (r) => /\.(localhost|vscode-cdn\.net)$/.test(new URL(r.url()).hostname);
  const logRequest = (what, r) => appendFileSync(browserLog, `${new Date().toISOString().slice(11, 23)} ${what} ${r.method()} ${r.url().slice(0, 200)}\n`);
  page.on('request', (r) => webviewRequest(r) && logRequest('request', r));
  page.on('requestfinished', (r) => webviewRequest(r) && logRequest('finished', r));
  page.on('requestfailed', (r) => webviewRequest(r) && logRequest(`failed (${r.failure()?.errorText})`, r));
  await page.goto(url);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([finished, timeout]);
  } finally {
    clearTimeout(timer);
    // Before its server stops: a page left open would keep trying to reconnect to it.
    await page.close().catch(() => {});
  }
}

function report(exitCode, resultsFile) {
  if (!existsSync(resultsFile)) {
    return { ok: false, reason: `the test entry wrote no ${resultsFile} (workbench exit code ${exitCode})` };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const failure of results.failures) console.log(`[integration] failed: ${failure.title}\n    ${failure.error}`);
  if (exitCode !== 0) return { ok: false, reason: `the test entry's run() failed (workbench exit code ${exitCode})` };
  if (results.failed > 0) return { ok: false, reason: `${results.failed} test(s) failed` };
  if (results.passed === 0) return { ok: false, reason: 'no test ran' };
  return { ok: true };
}

/** True when the run failed only because webviews never started, with the stuck service worker in the browser log. */
function stuckWebviewsOnly(runDir) {
  const resultsFile = join(runDir, 'results.json');
  const browserLog = join(runDir, 'browser.log');
  if (!existsSync(resultsFile) || !existsSync(browserLog)) return false;
  const { failures } = JSON.parse(readFileSync(resultsFile, 'utf8'));
  return (
    failures.length > 0 &&
    failures.every((f) => /timed out waiting for the (webview|canvas)/.test(String(f.error))) &&
    readFileSync(browserLog, 'utf8').includes('Found unexpected service worker controller')
  );
}

function countsOf(resultsFile) {
  if (!existsSync(resultsFile)) return { passed: 0, failed: 0 };
  const { passed, failed } = JSON.parse(readFileSync(resultsFile, 'utf8'));
  return { passed, failed };
}

function tail(file, lines) {
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

let shuttingDown;
/** Shared by main's finally and the signal handlers, so neither exits while the other is still stopping things. */
function shutdown() {
  shuttingDown ??= (async () => {
    await Promise.all([launchedBrowser?.close().catch(() => {}), stopAllCodeServers()]);
  })();
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // code-server runs in its own process group, so a Ctrl-C on the runner does not reach it: stop it here.
  process.once(signal, () => {
    console.error(`[integration] ${signal}: stopping`);
    shutdown().finally(() => process.exit(130));
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[integration] FAILED: ${error instanceof Error ? error.stack : error}`);
    process.exit(1);
  },
);
