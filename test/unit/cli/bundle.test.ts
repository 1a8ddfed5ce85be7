import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_BLOCKS } from '../../../src/core/blocks/blockRegistry';
import { workspace } from './cliHarness';

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
    assert.deepEqual(builtin.map((b) => b.type).sort(), BUILTIN_BLOCKS.map((b) => b.type).sort());
    assert.ok(builtin.every((b) => b.available));
  });

  it('renders templates in dist/templateWorker.js, built beside it, and stops a render over the time budget', async () => {
    execFileSync(process.execPath, ['esbuild.mjs', '--only=cli'], { cwd: repo, stdio: 'pipe' });
    const mapper = { id: 'map', type: 'FieldMapper', config: { mappings: { greeting: 'Hi {{ name }}', slow: '{% for i in range(n) %}{% for j in range(n) %}x{% endfor %}{% endfor %}' } }, position: { x: 0, y: 0 } };
    const ws = await workspace({
      'p.dgf.json': { version: 1, name: 'Map', blocks: [mapper], edges: [{ source: 'start', target: 'map' }, { source: 'map', target: 'end' }] },
      'seeds.json': [{ metadata: { name: 'Ada', n: 2 } }, { metadata: { name: 'Bo', n: 100000 } }],
      '.vscode/settings.json': { 'datagenflow.templates.renderTimeoutMs': 500 },
    });
    const r = spawnSync(process.execPath, [join(repo, 'dist/cli.js'), 'run', 'p.dgf.json', '--seeds', 'seeds.json', '--out', 'out.jsonl'], { cwd: ws, encoding: 'utf8' });
    assert.equal(r.status, 3, r.stderr);
    const text = JSON.stringify(readFileSync(join(ws, 'out.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown));
    assert.match(text, /"greeting":"Hi Ada"/);
    assert.match(text, /Block 'map' \(FieldMapper\), mappings\.slow: rendering took longer than the 500 ms time budget/);
  });
});
