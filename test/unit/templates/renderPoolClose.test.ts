import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const pool = resolve(__dirname, '..', '..', '..', 'src', 'core', 'templates', 'renderPool.ts');

/**
 * A real process that renders once (the worker then idles, unreferenced so it never keeps a process alive), then
 * awaits close() and nothing else: the process must live until close() returns (a CLI run twice exited 0 with its
 * job never finished; this is not that cause — the test passes with or without b3afa60's ref() before terminate —
 * and src/cli/exitGuard.ts now turns such an exit into exit 1 with a message).
 */
function renderThenClose(extra = '') {
  const script = `
    const { RenderPool } = require(${JSON.stringify(pool)});
    (async () => {
      const pool = new RenderPool({ maxBytes: 1 << 20, idleMs: 60000 });
      const outcome = await pool.render('Hello {{ name }}', { name: 'pool' }, 10000);
      console.log(JSON.stringify(outcome));
      ${extra}
      await pool.close();
      console.log('closed with ' + pool.workerCount + ' workers');
      process.exitCode = 7;
    })();
  `;
  return spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30000 });
}

describe('RenderPool.close keeps the process alive until every worker has stopped', () => {
  it('after a render, with the worker idle', () => {
    const result = renderThenClose();
    assert.equal(result.stdout, '{"ok":true,"text":"Hello pool"}\nclosed with 0 workers\n', result.stderr);
    assert.equal(result.status, 7);
  });

  it('while a second worker is still starting', () => {
    // A render queued behind a busy worker starts another; close() comes before that one has said ready.
    const result = renderThenClose(`void pool.render('{{ a }}', { a: 1 }, 10000); void pool.render('{{ b }}', { b: 2 }, 10000);`);
    assert.match(result.stdout, /closed with 0 workers\n$/, result.stderr);
    assert.equal(result.status, 7);
  });
});
