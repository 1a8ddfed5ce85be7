// `npm start`: opens this extension, as a development extension, in a real VS Code (code-server from npm, in a
// browser) on an example workspace holding the built-in templates. Runs until Ctrl+C.
// Machines with desktop VS Code can use the command printed at the end instead.
import { spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../test/integration/codeServerInstall.mjs';
import { readRemoteAuthority } from '../test/integration/codeServerProcess.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(repoRoot, '.vscode-test');
// Overridable so a smoke check can run against scratch state without touching the user's example folders.
const exampleRoot = resolve(process.env.DATAGENFLOW_EXAMPLE_ROOT ?? cacheRoot);
const workspace = join(exampleRoot, 'example-workspace');
const profile = join(exampleRoot, 'example-profile');
const HOST = '127.0.0.1';
const DEFAULT_PORT = 8080;

const say = (line) => console.log(`[start] ${line}`);

/** Copies the templates and a model setting for a local Ollama, once: later runs keep whatever the user changed. */
function ensureWorkspace() {
  if (existsSync(workspace)) {
    say(`using the existing ${workspace} (delete it to get fresh templates)`);
    return;
  }
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  const templates = join(repoRoot, 'templates');
  for (const file of readdirSync(templates).filter((f) => f.endsWith('.json'))) {
    copyFileSync(join(templates, file), join(workspace, file));
  }
  const settings = `{
  // Ollama's OpenAI-compatible endpoint: \`ollama pull llama3\`, or put a model you have in "model".
  "datagenflow.models": [
    { "name": "local", "baseUrl": "http://localhost:11434/v1", "model": "llama3" }
  ],
  "datagenflow.defaultModel": "local"
}
`;
  writeFileSync(join(workspace, '.vscode', 'settings.json'), settings);
  say(`created ${workspace} with the built-in templates`);
}

/** State folders that persist between runs, so the user's layout, trust decisions and opened editors survive. */
function ensureProfile() {
  const dirs = Object.fromEntries(
    ['user-data', 'extensions', 'xdg-config', 'xdg-data', 'xdg-cache'].map((name) => [name, join(profile, name)]),
  );
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const userSettings = join(dirs['user-data'], 'User', 'settings.json');
  if (!existsSync(userSettings)) {
    mkdirSync(dirname(userSettings), { recursive: true });
    const initial = { 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off' };
    writeFileSync(userSettings, `${JSON.stringify(initial, null, 2)}\n`);
  }
  return dirs;
}

/** PORT (or 8080) when it is free on loopback, else any free port: a busy 8080 should not stop the example. */
async function choosePort() {
  const wanted = Number(process.env.PORT ?? DEFAULT_PORT);
  if (Number.isInteger(wanted) && wanted > 0 && (await tryListen(wanted)) !== undefined) return wanted;
  const port = await tryListen(0);
  say(`port ${process.env.PORT ?? DEFAULT_PORT} is taken: using ${port}`);
  return port;
}

function tryListen(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(undefined));
    server.listen(port, HOST, () => {
      const { port: bound } = server.address();
      server.close(() => resolvePort(bound));
    });
  });
}

function startServer(entry, dirs, port) {
  // An explicit config file stops code-server from writing ~/.config/code-server/config.yaml with a password.
  const configFile = join(profile, 'code-server.yaml');
  writeFileSync(configFile, `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);
  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `${HOST}:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    // Workspace trust stays on: the user sees the prompt and the extension's restricted mode like a real user.
  ];
  const logFile = join(profile, 'code-server.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, args, {
    cwd: profile,
    // Own process group, so stopping it also ends the extension host and helpers code-server forks.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // No marketplace: nothing is fetched and the extension under development is the only one.
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: dirs['xdg-config'],
      XDG_DATA_HOME: dirs['xdg-data'],
      XDG_CACHE_HOME: dirs['xdg-cache'],
    },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return { child, logFile };
}

async function waitUntilHealthy(baseUrl, child) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`code-server exited (code ${child.exitCode})`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within 30 s`);
}

function exampleUrl(baseUrl, authority) {
  // The workbench's `payload` parameter (as in test/integration/runCodeServer.mjs) without a tests path: VS Code
  // loads the repo as a development extension and stays open.
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`]];
  return `${baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

async function stopServer(child) {
  signalGroup(child.pid, 'SIGTERM');
  if (child.exitCode === null && child.signalCode === null) {
    await Promise.race([new Promise((r) => child.once('exit', r)), delay(5000)]);
  }
  // Again after the leader is gone: a forked extension host otherwise waits a long time for a reconnect.
  signalGroup(child.pid, 'SIGKILL');
}

async function main() {
  ensureWorkspace();
  const dirs = ensureProfile();
  const entry = await ensureCodeServer(cacheRoot, say);
  const port = await choosePort();
  const { child, logFile } = startServer(entry, dirs, port);

  let stopping;
  const stop = (why) => {
    stopping ??= (async () => {
      say(`${why}: stopping code-server`);
      await stopServer(child);
      process.exit(0);
    })();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

  const baseUrl = `http://${HOST}:${port}`;
  try {
    await waitUntilHealthy(baseUrl, child);
  } catch (error) {
    await stopServer(child);
    throw new Error(`${error.message}; see ${logFile}`);
  }
  const url = exampleUrl(baseUrl, await readRemoteAuthority(baseUrl));
  console.log(`
DataGenFlow example is running (code-server log: ${logFile}).
Open in a browser:

  ${url}

With desktop VS Code installed you can instead run:

  code --extensionDevelopmentPath="${repoRoot}" "${workspace}"

Press Ctrl+C to stop.`);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[start] code-server exited on its own (code ${code}, signal ${signal}); see ${logFile}`);
    signalGroup(child.pid, 'SIGKILL');
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(`[start] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
