// `npm start`: opens this extension, as a development extension, in a real VS Code (code-server from npm, in a
// browser) on an example workspace holding the built-in templates. Runs until Ctrl+C.
// Machines with desktop VS Code can use the command printed at the end instead.
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

function exampleUrl(baseUrl, authority) {
  // The workbench's `payload` parameter (as in test/integration/runCodeServer.mjs) without a tests path: VS Code
  // loads the repo as a development extension and stays open.
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`]];
  return `${baseUrl}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function main() {
  ensureWorkspace();
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

With desktop VS Code installed you can instead run:

  code --extensionDevelopmentPath="${repoRoot}" "${workspace}"

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
