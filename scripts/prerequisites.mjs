// The system tools `npm test` and `npm start` need beyond Node and npm, checked in their first second.
// Installed with apt-get where that needs no prompt (root, or passwordless sudo, on Debian/Ubuntu); otherwise the
// run stops at once with the one command to run, before anything is built or downloaded.
//
//   node scripts/prerequisites.mjs test|start [--no-install]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { CODE_SERVER_VERSION } from '../test/integration/codeServerInstall.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Exit code of a run stopped for a missing prerequisite (1 is a failing test or build). */
export const MISSING_PREREQUISITES_EXIT = 3;

/**
 * Each tool: the command that proves it is there, its Debian package, and why it is needed.
 * `for`: which runs need it — 'browser' (headless chromium drives VS Code in tests) or 'code-server' (building
 * code-server's native modules on its first install, and seeding its ripgrep without a GitHub download).
 */
export const TOOLS = [
  { command: 'chromium', pkg: 'chromium', for: 'browser', why: 'the headless browser that drives VS Code in the integration and UI tests' },
  { command: 'rg', pkg: 'ripgrep', for: 'code-server', why: "code-server's search tool, installed offline from it" },
  { command: 'make', pkg: 'build-essential', for: 'code-server', why: "building code-server's native modules" },
  { command: 'g++', pkg: 'build-essential', for: 'code-server', why: "building code-server's native modules" },
  { command: 'python3', pkg: 'python3', for: 'code-server', why: "node-gyp, which builds code-server's native modules" },
  { command: 'krb5-config', pkg: 'libkrb5-dev', for: 'code-server', why: "code-server's kerberos module" },
];

/** The full path of `command` in a PATH string, or undefined. */
export function findCommand(command, path) {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/**
 * What a run needs and lacks, and what to do about it. Pure: everything it looks at is passed in.
 * @param {{
 *   purpose: 'test' | 'start',
 *   has: (command: string) => boolean,
 *   codeServerInstalled: boolean,
 *   desktopCode: boolean,
 *   canInstall: 'root' | 'sudo' | false,
 *   debianLike: boolean,
 * }} facts
 * @returns {{ missing: typeof TOOLS, packages: string[], action: 'none' | 'install' | 'stop', command?: string, message: string }}
 */
export function planPrerequisites(facts) {
  // npm start in desktop VS Code needs nothing; in the browser it needs code-server, which the user's own browser opens.
  const needsCodeServer = !facts.codeServerInstalled && (facts.purpose === 'test' || !facts.desktopCode);
  const needed = TOOLS.filter((t) => (t.for === 'browser' ? facts.purpose === 'test' : needsCodeServer));
  const missing = needed.filter((t) => !facts.has(t.command));
  const packages = [...new Set(missing.map((t) => t.pkg))];
  if (missing.length === 0) return { missing, packages, action: 'none', message: '' };

  const what = missing.map((t) => `  - ${t.command} (Debian package ${t.pkg}): ${t.why}`).join('\n');
  const runName = facts.purpose === 'test' ? 'npm test' : 'npm start';
  if (facts.debianLike && facts.canInstall) {
    const prefix = facts.canInstall === 'sudo' ? 'sudo ' : '';
    return {
      missing,
      packages,
      action: 'install',
      command: `${prefix}apt-get install -y ${packages.join(' ')}`,
      message: `${runName} needs these system tools, which are missing:\n${what}\nInstalling them now with apt-get (${facts.canInstall === 'root' ? 'running as root' : 'passwordless sudo'}): ${packages.join(' ')}`,
    };
  }
  const command = facts.debianLike
    ? `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`
    : `install with your system's package manager: ${missing.map((t) => t.command).join(', ')} (Debian/Ubuntu packages: ${packages.join(' ')})`;
  return {
    missing,
    packages,
    action: 'stop',
    command,
    message: `${runName} stopped before doing anything: these system tools are missing:\n${what}\n${
      facts.debianLike ? 'Run this once, then run ' + runName + ' again:' : 'Then run ' + runName + ' again. To install them:'
    }\n\n  ${command}\n`,
  };
}

function isDebianLike() {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const ids = [...release.matchAll(/^(ID|ID_LIKE)=["']?([^"'\n]*)/gm)].flatMap((m) => m[2].split(/\s+/));
    return ids.some((id) => id === 'debian' || id === 'ubuntu');
  } catch {
    return false;
  }
}

function installRights(path) {
  if (!findCommand('apt-get', path)) return false;
  if (typeof process.getuid === 'function' && process.getuid() === 0) return 'root';
  if (!findCommand('sudo', path)) return false;
  // -n: never prompt; fails at once when a password would be needed.
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', env: process.env }).status === 0 ? 'sudo' : false;
}

function aptGet(prefix, args) {
  const [command, ...rest] = prefix ? ['sudo', 'apt-get', ...args] : ['apt-get', ...args];
  const result = spawnSync(command, rest, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Checks, installs what it may, and returns the process exit code (0: go on). */
export function ensurePrerequisites(purpose, { install = true } = {}) {
  const path = process.env.PATH;
  const has = (command) => (command === 'chromium' && process.env.CHROMIUM_PATH ? existsSync(process.env.CHROMIUM_PATH) : findCommand(command, path) !== undefined);
  const facts = {
    purpose,
    has,
    codeServerInstalled: existsSync(join(repoRoot, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`, '.install-complete')),
    desktopCode: process.env.DATAGENFLOW_START !== 'browser' && findCommand(process.platform === 'win32' ? 'code.cmd' : 'code', path) !== undefined,
    canInstall: install ? installRights(path) : false,
    debianLike: isDebianLike(),
  };
  const plan = planPrerequisites(facts);
  if (plan.action === 'none') return 0;
  if (plan.action === 'stop') {
    console.error(`[prerequisites] ${plan.message}`);
    return MISSING_PREREQUISITES_EXIT;
  }
  console.log(`[prerequisites] ${plan.message}`);
  const viaSudo = facts.canInstall === 'sudo';
  if (!aptGet(viaSudo, ['update']) || !aptGet(viaSudo, ['install', '-y', ...plan.packages])) {
    console.error(`[prerequisites] apt-get failed (see above). Install them yourself, then run again:\n\n  sudo apt-get install -y ${plan.packages.join(' ')}\n`);
    return MISSING_PREREQUISITES_EXIT;
  }
  const still = plan.missing.filter((t) => !has(t.command));
  if (still.length > 0) {
    console.error(`[prerequisites] apt-get finished but these are still not on PATH: ${still.map((t) => t.command).join(', ')}`);
    return MISSING_PREREQUISITES_EXIT;
  }
  console.log(`[prerequisites] installed: ${plan.packages.join(' ')}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const purpose = process.argv[2];
  if (purpose !== 'test' && purpose !== 'start') {
    console.error('usage: node scripts/prerequisites.mjs test|start [--no-install]');
    process.exit(2);
  }
  process.exit(ensurePrerequisites(purpose, { install: !process.argv.includes('--no-install') }));
}
