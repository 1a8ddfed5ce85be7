// Starts one code-server: loopback only, no auth, every state folder inside one folder (a test run's, or the example's).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { decodeHtmlAttribute } from './headlessChromium.mjs';

const HOST = '127.0.0.1';
/** Stop functions of servers spawned and not yet stopped, including those still starting up. */
const live = new Set();

/** For the runner's exit paths (signals, errors): stops every code-server this process started. */
export async function stopAllCodeServers() {
  await Promise.all([...live].map((stop) => stop()));
}

/**
 * User settings for a fresh profile: no welcome page, no AI chat, no update checks, no telemetry, and auto save off as
 * in desktop VS Code (the web workbench defaults `files.autoSave` to afterDelay, which saved the pipeline editor's
 * edits a second after each change on a loaded machine, so the e2e checks of dirty state, Ctrl+S and Ctrl+Z raced it).
 */
export function defaultUserSettings(trustWorkspaces) {
  return {
    'workbench.startupEditor': 'none',
    'files.autoSave': 'off',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': trustWorkspaces,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
  };
}

/**
 * Starts code-server with every state folder inside `runDir`. The defaults suit a throw-away test run; `npm start`
 * (scripts/startExample.mjs) reuses a persistent folder through the options.
 * @param {{
 *   entry: string,
 *   runDir: string,
 *   env: Record<string, string | undefined>,
 *   trustWorkspaces?: boolean,
 *   port?: number,
 *   userSettings?: Record<string, unknown>,
 *   writeSettings?: 'always' | 'if-missing',
 *   appendLog?: boolean,
 *   ignoreLastOpened?: boolean,
 * }} options `port`: listen there (else on any free port); `userSettings`: the User/settings.json to write (default
 *   `defaultUserSettings`), each start (`'always'`) or only when there is none yet (`'if-missing'`, keeping what the
 *   user changed); `appendLog`: add to code-server.log instead of replacing it; `ignoreLastOpened`: do not reopen the
 *   last folder.
 * @returns {Promise<{
 *   baseUrl: string,
 *   logFile: string,
 *   exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>,
 *   stop: () => Promise<void>,
 * }>}
 */
export async function startCodeServer({
  entry,
  runDir,
  env,
  trustWorkspaces = false,
  port: fixedPort,
  userSettings = defaultUserSettings(trustWorkspaces),
  writeSettings = 'always',
  appendLog = false,
  ignoreLastOpened = true,
}) {
  const dirs = {
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    xdgConfig: join(runDir, 'xdg-config'),
    xdgData: join(runDir, 'xdg-data'),
    xdgCache: join(runDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  if (writeSettings === 'always' || !existsSync(settingsFile)) {
    mkdirSync(dirname(settingsFile), { recursive: true });
    writeFileSync(settingsFile, `${JSON.stringify(userSettings, null, 2)}\n`);
  }

  const port = fixedPort ?? (await freePort());
  const configFile = join(runDir, 'code-server.yaml');
  // An explicit config file stops code-server from creating ~/.config/code-server/config.yaml with a password.
  writeFileSync(configFile, `bind-addr: ${HOST}:${port}\nauth: none\ncert: false\n`);

  const args = [
    entry,
    '--config', configFile,
    '--bind-addr', `${HOST}:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(ignoreLastOpened ? ['--ignore-last-opened'] : []),
    ...(trustWorkspaces ? [] : ['--disable-workspace-trust']),
  ];
  const logFile = join(runDir, 'code-server.log');
  const log = createWriteStream(logFile, { flags: appendLog ? 'a' : 'w' });
  const child = spawn(process.execPath, args, {
    cwd: runDir,
    // Own process group, so stop() also ends the extension host and the other helpers code-server forks.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...env,
      // No marketplace: nothing is fetched, and tests see only the extension under development.
      EXTENSIONS_GALLERY: '{}',
      XDG_CONFIG_HOME: dirs.xdgConfig,
      XDG_DATA_HOME: dirs.xdgData,
      XDG_CACHE_HOME: dirs.xdgCache,
    },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      // The extension host, file watcher and pty host are forked into the server's process group: signal the
      // group, and again after the leader is gone, since a lingering extension host waits hours for a reconnect.
      signalGroup(child.pid, 'SIGTERM');
      if (child.exitCode === null && child.signalCode === null) await Promise.race([exited, delay(5000)]);
      signalGroup(child.pid, 'SIGKILL');
      live.delete(stop);
    })());
  live.add(stop);

  const baseUrl = `http://${HOST}:${port}`;
  try {
    await waitUntilHealthy(baseUrl, exited, 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${error.message}; see ${logFile}`);
  }
  return { baseUrl, logFile, exited, stop };
}

/** VS Code's web workbench names the server side of `vscode-remote://` URIs by this authority. */
export async function readRemoteAuthority(baseUrl) {
  const html = await (await fetch(`${baseUrl}/`)).text();
  const meta = html.match(/<meta[^>]*id="vscode-workbench-web-configuration"[^>]*>/)?.[0];
  const encoded = meta?.match(/data-settings="([^"]*)"/)?.[1];
  if (!encoded) throw new Error('workbench page has no #vscode-workbench-web-configuration data-settings');
  const settings = JSON.parse(decodeHtmlAttribute(encoded));
  if (typeof settings.remoteAuthority !== 'string' || !settings.remoteAuthority) {
    throw new Error('workbench configuration has no remoteAuthority');
  }
  return settings.remoteAuthority;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Resolves with `port` when it is free on the loopback address (with some free port for 0), else with undefined. */
export function portIfFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, HOST, () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}

async function freePort() {
  const port = await portIfFree(0);
  if (port === undefined) throw new Error(`no free port on ${HOST}`);
  return port;
}

async function waitUntilHealthy(baseUrl, exited, timeoutMs) {
  let early;
  exited.then((status) => (early = status));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (early) throw new Error(`code-server exited before listening (code ${early.code}, signal ${early.signal})`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await delay(200);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs / 1000} s`);
}
