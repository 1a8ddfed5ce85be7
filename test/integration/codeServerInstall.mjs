// Installs code-server from the npm registry into a git-ignored cache folder, once per version.
// code-server is a test tool, not a dependency of the extension: it is ~300 MB with native modules.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

// 4.100.3 embeds VS Code 1.100.3 (package.json engines.vscode ^1.100.0) and runs on Node 20, the system Node.
export const CODE_SERVER_VERSION = '4.100.3';

// What VS Code 1.100.3's @vscode/ripgrep 1.15.11 postinstall downloads from GitHub (see its lib/postinstall.js
// and lib/download.js): it first looks for `<os.tmpdir()>/vscode-ripgrep-cache-<pkg version>/<asset>` and, if
// present, only untars it. Pre-seeding that file with Debian's rg keeps the install offline.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET_VERSION = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/** @returns {Promise<string>} path of code-server's entry.js, installing code-server first if needed. */
export async function ensureCodeServer(cacheRoot, log) {
  const installDir = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
  const packageDir = join(installDir, 'node_modules', 'code-server');
  const entry = join(packageDir, 'out', 'node', 'entry.js');
  // Written last, so an interrupted install is redone rather than half-used.
  const marker = join(installDir, '.install-complete');
  if (existsSync(marker) && existsSync(entry)) return entry;

  log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir} (about a minute, once)`);
  const started = Date.now();
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  // Own package.json so npm treats this folder as the project root instead of walking up to the repo's.
  writeFileSync(
    join(installDir, 'package.json'),
    JSON.stringify({ name: 'datagenflow-code-server-cache', private: true, dependencies: { 'code-server': CODE_SERVER_VERSION } }, null, 2),
  );
  const tmpDir = join(installDir, '.tmp');
  seedRipgrepCache(tmpDir);

  const logFile = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}-install.log`);
  const code = await runNpmInstall(installDir, installEnv(tmpDir), logFile);
  if (code !== 0) {
    throw new Error(`npm install of code-server ${CODE_SERVER_VERSION} failed (exit ${code}); last lines of ${logFile}:\n${tail(logFile, 40)}`);
  }
  const rg = join(packageDir, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  for (const required of [entry, rg]) {
    if (!existsSync(required)) throw new Error(`code-server install is incomplete: ${required} is missing; see ${logFile}`);
  }
  rmSync(tmpDir, { recursive: true, force: true });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`installed code-server ${CODE_SERVER_VERSION} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return entry;
}

function seedRipgrepCache(tmpDir) {
  const target = RIPGREP_TARGETS[arch()];
  if (!target) throw new Error(`no ripgrep target known for arch ${arch()}`);
  const rg = findOnPath('rg');
  if (!rg) throw new Error('ripgrep (rg) is not on PATH: install it first (Debian: apt-get install -y ripgrep)');
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const stageDir = join(tmpDir, 'rg-stage');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(stageDir, { recursive: true });
  copyFileSync(rg, join(stageDir, 'rg'));
  // The downloader runs `tar xvf <asset> -C bin` and then expects bin/rg: the archive holds a bare `rg`.
  const asset = join(cacheDir, `ripgrep-${RIPGREP_ASSET_VERSION}-${target}.tar.gz`);
  const tar = spawnSync('tar', ['czf', asset, '-C', stageDir, 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error(`tar failed building ${asset}`);
}

// Set by the outer `npm run` for its own project (/work/main); they must not steer this nested install.
const OUTER_NPM_ONLY = new Set(['npm_config_local_prefix', 'npm_config_global_prefix', 'npm_config_prefix', 'npm_config_call', 'npm_config_user_agent', 'npm_config_npm_version']);

function installEnv(tmpDir) {
  // Keep the user's npm_config_* (registry, cafile, proxy...), drop the rest of the outer script's npm_* variables.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !(k.startsWith('npm_') && (!k.startsWith('npm_config_') || OUTER_NPM_ONLY.has(k)))),
  );
  Object.assign(env, {
    // As root, code-server's postinstall.sh refuses to run without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which otherwise waits for a "y" that never comes.
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    TMPDIR: tmpDir,
  });
  // node-gyp would download Node's headers from the internet; use the running Node's own when it ships them.
  const nodePrefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(nodePrefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = nodePrefix;
  return env;
}

function runNpmInstall(cwd, env, logFile) {
  const out = createWriteStream(logFile);
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-package-lock'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', reject);
    child.on('close', (code) => out.end(() => resolve(code ?? 1)));
  });
}

function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function tail(file, lines) {
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
}
