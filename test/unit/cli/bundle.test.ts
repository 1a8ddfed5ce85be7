import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const repo = join(__dirname, '../../..');

/**
 * The shipped CLI is an esbuild bundle in strict mode: a dependency that misbehaves there (assigning a function's
 * read-only `name`, dynamic requires…) only shows up in the bundle, not when tests run the sources.
 */
describe('the built CLI bundle', function () {
  this.timeout(120_000);

  it('builds, loads every built-in block and lists them', () => {
    execFileSync(process.execPath, ['esbuild.mjs', '--only=cli'], { cwd: repo, stdio: 'pipe' });
    const out = execFileSync(process.execPath, [join(repo, 'dist/cli.js'), 'blocks', 'list', '--json'], { cwd: repo, encoding: 'utf8' });
    const blocks = JSON.parse(out) as { type: string; source: string; available: boolean }[];
    const builtin = blocks.filter((b) => b.source === 'builtin');
    assert.equal(builtin.length, 14);
    assert.ok(builtin.every((b) => b.available));
  });
});
