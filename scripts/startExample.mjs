// `npm start`: opens this extension, as a development extension, in a real VS Code on an example workspace holding
// the built-in templates: desktop VS Code through its `code` command when that is on PATH, otherwise code-server
// from npm in a browser (runs until Ctrl+C). DATAGENFLOW_START=browser picks code-server even where `code` exists.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from '../test/integration/codeServerInstall.mjs';
import { portIfFree, readRemoteAuthority, startCodeServer, stopAllCodeServers } from '../test/integration/codeServerProcess.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(repoRoot, '.vscode-test');
// Overridable so a smoke check can run against scratch state without touching the user's example folders.
const exampleRoot = resolve(process.env.DATAGENFLOW_EXAMPLE_ROOT ?? cacheRoot);
const workspace = join(exampleRoot, 'example-workspace');
const profile = join(exampleRoot, 'example-profile');
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
  for (const file of readdirSync(templates).filter((f) => f.endsWith('.json') || f.endsWith('.md'))) {
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

/** PORT (or 8080) when it is free on loopback, else any free port: a busy 8080 should not stop the example. */
async function choosePort() {
  const wanted = Number(process.env.PORT ?? DEFAULT_PORT);
  if (Number.isInteger(wanted) && wanted > 0 && (await portIfFree(wanted)) !== undefined) return wanted;
  const port = await portIfFree(0);
  say(`port ${process.env.PORT ?? DEFAULT_PORT} is taken: using ${port}`);
  return port;
}

/** user@host for the SSH port-forward hint (code-server listens on loopback only). */
function sshTarget() {
  let user = process.env.USER;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep $USER.
  }
  return `${user ?? '<user>'}@${hostname()}`;
}

function exampleUrl(baseUrl, authority) {
  // The workbench's `payload` parameter (as in test/integration/runCodeServer.mjs) without a tests path: VS Code
  // loads the repo as a development extension and stays open.
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`]];
  return `${baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The desktop `code` command on PATH, unless the user asked for the browser. */
function desktopCode() {
  if (process.env.DATAGENFLOW_START === 'browser') return undefined;
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of names) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** `code --extensionDevelopmentPath=<repo> <workspace>`: returns once VS Code has the window (it keeps running). */
function openInDesktop(code) {
  say(`opening ${workspace} in VS Code (${code}) with the extension loaded from ${repoRoot}`);
  // code.cmd is a batch file: Windows starts those only through a shell, which then needs the paths quoted.
  const viaShell = process.platform === 'win32';
  const args = [`--extensionDevelopmentPath=${repoRoot}`, workspace].map((arg) => (viaShell ? `"${arg}"` : arg));
  const child = spawn(code, args, { stdio: 'inherit', shell: viaShell });
  child.once('error', (error) => {
    console.error(`[start] could not run ${code}: ${error.message}`);
    process.exit(1);
  });
  child.once('exit', (exitCode) => {
    if (exitCode !== 0) console.error(`[start] ${code} exited with code ${exitCode}; DATAGENFLOW_START=browser npm start opens the browser instead`);
    else say('VS Code is open. Reload its window (Developer: Reload Window) after rebuilding with npm run build.');
    process.exit(exitCode ?? 1);
  });
}

async function main() {
  ensureWorkspace();
  const code = desktopCode();
  if (code) {
    openInDesktop(code);
    return;
  }
  const entry = await ensureCodeServer(cacheRoot, say);
  const port = await choosePort();

  let stopping;
  const stop = (why) => {
    stopping ??= (async () => {
      say(`${why}: stopping code-server`);
      // Also reaches a server that is still starting up.
      await stopAllCodeServers();
      process.exit(0);
    })();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

  // The profile's state folders persist between runs, so the user's layout, trust decisions and opened editors
  // survive: settings are written only into a new profile, the log grows, the last opened folder is restored.
  const server = await startCodeServer({
    entry,
    runDir: profile,
    env: process.env,
    port,
    // Workspace trust stays on: the user sees the prompt and the extension's restricted mode like a real user.
    trustWorkspaces: true,
    userSettings: { 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off' },
    writeSettings: 'if-missing',
    appendLog: true,
    ignoreLastOpened: false,
  });
  const url = exampleUrl(server.baseUrl, await readRemoteAuthority(server.baseUrl));
  console.log(`
DataGenFlow example is running (code-server log: ${server.logFile}).
Open in a browser:

  ${url}

On another machine (this one is headless, or remote): forward the port over SSH, then open the same URL there:

  ssh -N -L ${port}:127.0.0.1:${port} ${sshTarget()}

(With desktop VS Code's \`code\` command on PATH, npm start opens VS Code instead.)

Press Ctrl+C to stop.`);
  server.exited.then(async ({ code, signal }) => {
    if (stopping) return;
    console.error(`[start] code-server exited on its own (code ${code}, signal ${signal}); see ${server.logFile}`);
    await server.stop();
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(`[start] FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
