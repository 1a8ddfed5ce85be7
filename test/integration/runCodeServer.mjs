// `npm run test:integration`: runs dist/test/integration.js (mocha) inside a real VS Code extension host, served by
// code-server from npm and driven by Debian's chromium, because @vscode/test-electron needs internet to fetch VS Code.
// See /work/shared/design/vscode-testing.md for the measured facts behind each step.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from './codeServerInstall.mjs';
import { readRemoteAuthority, startCodeServer, stopAllCodeServers } from './codeServerProcess.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');
const testEntry = join(repoRoot, 'dist', 'test', 'integration.js');
const extensionMain = join(repoRoot, 'dist', 'extension.js');
const workspaceFixture = join(here, 'workspace');
const TIMEOUT_MS = 5 * 60_000;
// Logged by test/integration/index.ts when mocha starts.
const TESTS_START_MARKER = '[datagenflow] integration tests start';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** The browser must not outlive the runner, whichever way it ends (servers: stopAllCodeServers). */
let launchedBrowser;

const say = (line) => console.log(`[integration] ${line}`);

async function main() {
  if (!existsSync(testEntry) || !existsSync(extensionMain)) {
    say('dist/ is not built: running node esbuild.mjs');
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  const entry = await ensureCodeServer(join(repoRoot, '.vscode-test'), say);

  const runDir = mkdtempSync(join(tmpdir(), 'datagenflow-it-'));
  const workspace = join(runDir, 'workspace');
  cpSync(workspaceFixture, workspace, { recursive: true });
  const resultsFile = join(runDir, 'results.json');
  const workbenchLog = join(runDir, 'workbench.log');

  let outcome;
  try {
    const server = await startCodeServer({ entry, runDir, env: { ...process.env, DATAGENFLOW_TEST_RESULTS: resultsFile } });
    say(`code-server listening on ${server.baseUrl}`);
    const authority = await readRemoteAuthority(server.baseUrl);
    launchedBrowser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      // Playwright's own handlers exit the process as soon as the browser is closed, before code-server is stopped.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const exitCode = await runInWorkbench(launchedBrowser, testUrl(server.baseUrl, authority, workspace), workbenchLog);
    outcome = report(exitCode, resultsFile);
  } catch (error) {
    outcome = { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await shutdown();
  }

  if (outcome.ok) {
    rmSync(runDir, { recursive: true, force: true });
    return 0;
  }
  // Without results the test entry never ran to the end: the workbench log says why (load errors, activation...).
  if (!existsSync(resultsFile) && existsSync(workbenchLog)) {
    console.error(`[integration] last workbench log lines:\n${tail(workbenchLog, 30)}`);
  }
  console.error(`[integration] FAILED: ${outcome.reason}`);
  console.error(`[integration] run folder kept for inspection: ${runDir} (code-server.log, workbench.log, results.json)`);
  return 1;
}

function testUrl(baseUrl, authority, workspace) {
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
  await page.goto(url);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([finished, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function report(exitCode, resultsFile) {
  if (!existsSync(resultsFile)) {
    return { ok: false, reason: `the test entry wrote no ${resultsFile} (workbench exit code ${exitCode})` };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  for (const failure of results.failures) console.log(`[integration] failed: ${failure.title}\n    ${failure.error}`);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  if (exitCode !== 0) return { ok: false, reason: `the test entry's run() failed (workbench exit code ${exitCode})` };
  if (results.failed > 0) return { ok: false, reason: `${results.failed} test(s) failed` };
  if (results.passed === 0) return { ok: false, reason: 'no test ran' };
  return { ok: true };
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
