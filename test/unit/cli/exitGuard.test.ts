import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const guard = resolve(__dirname, '..', '..', '..', 'src', 'cli', 'exitGuard.ts');

/** A real Node process whose main promise is `mainExpression`: how it exits is what the guard decides. */
function exitOf(mainExpression: string) {
  const script = `const { exitWith } = require(${JSON.stringify(guard)});\nexitWith(${mainExpression}, process);\n`;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('CLI exit guard', () => {
  it('a main that can never settle (the event loop empties under it) exits 1 and says so, never 0', () => {
    const { status, stderr } = exitOf('new Promise(() => {})');
    assert.equal(status, 1);
    assert.match(stderr, /^datagenflow: internal error: the command stopped while still waiting for work that can never finish\. A run's job is left 'running'.*'datagenflow resume <job id>' continues it/);
  });

  it("a main that settles exits with main's code and says nothing", () => {
    assert.deepEqual(exitOf('new Promise((r) => setTimeout(() => r(3), 50))'), { status: 3, stderr: '' });
    assert.deepEqual(exitOf('Promise.resolve(0)'), { status: 0, stderr: '' });
  });

  it('a main that rejects exits 1 with the error, not the never-finished message', () => {
    const { status, stderr } = exitOf("Promise.reject(new Error('boom'))");
    assert.equal(status, 1);
    assert.match(stderr, /^datagenflow: unexpected error: Error: boom/);
    assert.doesNotMatch(stderr, /never finish/);
  });
});
