import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { MISSING_PREREQUISITES_EXIT, planPrerequisites, TOOLS } from '../../../scripts/prerequisites.mjs';

const repoRoot = resolve(__dirname, '..', '..', '..');

/**
 * A copy of the script in a folder laid out like the repository but without .vscode-test/: to the script, a fresh
 * clone on a machine where code-server was never installed.
 */
function freshCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'dgf-prereq-'));
  for (const file of ['scripts/prerequisites.mjs', 'test/integration/codeServerInstall.mjs']) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    cpSync(join(repoRoot, file), join(root, file));
  }
  return root;
}

function stub(bin: string, name: string, body = 'exit 0'): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

/** A PATH holding a stub of every tool but `without` (and whatever `extra` adds). */
function fakeBin(root: string, without: string[]): string {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of TOOLS) if (!without.includes(tool.command)) stub(bin, tool.command);
  return bin;
}

function run(root: string, purpose: string, path: string, ...flags: string[]) {
  const env: NodeJS.ProcessEnv = { PATH: path, HOME: root };
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'prerequisites.mjs'), purpose, ...flags], { env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('prerequisites check (npm test / npm start, first second)', () => {
  let root: string;
  beforeEach(() => {
    root = freshCheckout();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  for (const tool of TOOLS) {
    it(`npm test on a PATH without ${tool.command} stops at once, naming it and the one command to run`, () => {
      const bin = fakeBin(root, [tool.command]);
      const { status, stderr } = run(root, 'test', bin, '--no-install');
      assert.equal(status, MISSING_PREREQUISITES_EXIT);
      assert.match(stderr, /npm test stopped before doing anything: these system tools are missing:/);
      assert.ok(stderr.includes(`  - ${tool.command} (Debian package ${tool.pkg}): ${tool.why}`), stderr);
      assert.ok(stderr.includes(`  sudo apt-get update && sudo apt-get install -y ${tool.pkg}\n`), stderr);
      // Only what is missing is named.
      for (const other of TOOLS.filter((t) => t.pkg !== tool.pkg)) assert.ok(!stderr.includes(`  - ${other.command} `), `${other.command} named too:\n${stderr}`);
      assert.ok(!existsSync(join(root, '.vscode-test')), 'nothing was started or downloaded');
    });
  }

  it('npm test with every tool present goes on silently (exit 0)', () => {
    const { status, stdout, stderr } = run(root, 'test', fakeBin(root, []), '--no-install');
    assert.equal(status, 0, stderr);
    assert.equal(stdout + stderr, '');
  });

  it('npm start does not need the browser, and with desktop VS Code not even the code-server build tools', () => {
    const bin = fakeBin(root, ['chromium', 'rg', 'make', 'g++', 'python3', 'krb5-config']);
    stub(bin, 'code');
    assert.equal(run(root, 'start', bin, '--no-install').status, 0);
    const withoutCode = run(root, 'start', fakeBin(join(root, 'other'), ['chromium']), '--no-install');
    assert.equal(withoutCode.status, 0, withoutCode.stderr);
  });

  it('npm start without desktop VS Code names the code-server build tools it lacks', () => {
    const { status, stderr } = run(root, 'start', fakeBin(root, ['chromium', 'krb5-config']), '--no-install');
    assert.equal(status, MISSING_PREREQUISITES_EXIT);
    assert.match(stderr, /npm start stopped before doing anything/);
    assert.ok(stderr.includes('sudo apt-get install -y libkrb5-dev\n'), stderr);
    assert.ok(!stderr.includes('chromium'), stderr);
  });

  it('installs what is missing with apt-get when it may (root, or passwordless sudo), saying what and why', () => {
    const bin = fakeBin(root, ['chromium', 'rg']);
    const log = join(root, 'apt.log');
    // apt-get "installs" a package by putting stubs of its commands on the fake PATH.
    stub(bin, 'apt-get', [
      `echo "$@" >> ${log}`,
      'for a in "$@"; do',
      `  case "$a" in chromium) printf '#!/bin/sh\\n' > ${bin}/chromium; /bin/chmod +x ${bin}/chromium;; ripgrep) printf '#!/bin/sh\\n' > ${bin}/rg; /bin/chmod +x ${bin}/rg;; esac`,
      'done',
    ].join('\n'));
    // A sudo that never prompts, for a test run by a non-root user.
    stub(bin, 'sudo', '[ "$1" = "-n" ] && exit 0\nexec "$@"');
    const { status, stdout, stderr } = run(root, 'test', bin);
    assert.equal(status, 0, stderr);
    assert.match(stdout, /npm test needs these system tools, which are missing:\n {2}- chromium \(Debian package chromium\): the headless browser/);
    assert.match(stdout, /Installing them now with apt-get \((running as root|passwordless sudo)\): chromium ripgrep/);
    assert.match(stdout, /installed: chromium ripgrep/);
    assert.equal(readFileSync(log, 'utf8'), 'update\ninstall -y chromium ripgrep\n');
  });

  it('a failing apt-get stops the run with the command to run by hand', () => {
    const bin = fakeBin(root, ['chromium']);
    stub(bin, 'apt-get', 'exit 100');
    stub(bin, 'sudo', '[ "$1" = "-n" ] && exit 0\nexec "$@"');
    const { status, stderr } = run(root, 'test', bin);
    assert.equal(status, MISSING_PREREQUISITES_EXIT);
    assert.match(stderr, /apt-get failed \(see above\)\. Install them yourself, then run again:\n\n {2}sudo apt-get install -y chromium\n/);
  });
});

describe('planPrerequisites', () => {
  const base = { purpose: 'test' as const, has: () => true, codeServerInstalled: false, desktopCode: false, canInstall: false as const, debianLike: true };

  it('with code-server already installed, tests need only the browser', () => {
    const plan = planPrerequisites({ ...base, codeServerInstalled: true, has: (c: string) => c === 'chromium' });
    assert.equal(plan.action, 'none');
  });

  it('a user who must type a password is told the sudo command; off Debian, what to install', () => {
    const missingRg = { ...base, has: (c: string) => c !== 'rg' };
    assert.equal(planPrerequisites(missingRg).command, 'sudo apt-get update && sudo apt-get install -y ripgrep');
    assert.equal(planPrerequisites({ ...missingRg, canInstall: 'sudo' }).command, 'sudo apt-get install -y ripgrep');
    const offDebian = planPrerequisites({ ...missingRg, debianLike: false, canInstall: 'root' });
    assert.equal(offDebian.action, 'stop');
    assert.match(offDebian.message, /install with your system's package manager: rg \(Debian\/Ubuntu packages: ripgrep\)/);
  });

  it('one package named once when several of its commands are missing', () => {
    const plan = planPrerequisites({ ...base, has: (c: string) => c !== 'make' && c !== 'g++' });
    assert.deepEqual(plan.packages, ['build-essential']);
  });
});
