import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadCustomBlocks } from '../../../../src/core/blocks/custom/loadCustomBlocks';
import { scaffoldCustomBlock } from '../../../../src/core/blocks/custom/scaffoldCustomBlock';
import { scaffoldBlockSource } from '../../../../src/core/blocks/custom/scaffoldSource';
import { parseCliArgs } from '../../../../src/cli/args';
import { DgfError } from '../../../../src/core/errors';
import { FakeOpenAiServer } from '../../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from '../../cli/cliHarness';
import { runBlock } from '../../helpers/blockHarness';
import { FIXTURES } from './customBlockKit';

const BLOCKS = '.datagenflow/blocks';

/** A workspace whose custom blocks folder holds copies of the named fixtures. */
async function workspaceWith(fixtures: string[], files: Record<string, unknown> = {}, folder = BLOCKS): Promise<string> {
  const ws = await workspace(files);
  await mkdir(join(ws, folder), { recursive: true });
  for (const name of fixtures) await copyFile(join(FIXTURES, name), join(ws, folder, name));
  return ws;
}

interface Row {
  type: string | null;
  source: string;
  available: boolean;
  status: string;
  error?: string;
  file?: string;
}

describe('datagenflow blocks', function () {
  this.timeout(30_000);

  it('list --json shows every block with its source and availability', async () => {
    const ws = await workspaceWith(['Shout.js', '_exclaim.js', 'BadSchema.js', 'ClashesBuiltin.js']);
    const r = await runCli(['blocks', 'list', '--json'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Row[];
    const find = (type: string, source: string) => rows.find((x) => x.type === type && x.source === source);
    assert.deepEqual(find('TextGenerator', 'builtin'), { type: 'TextGenerator', name: 'Text Generator', category: 'generators', source: 'builtin', available: true, status: 'ok' });
    assert.equal(find('Shout', 'custom')?.available, true);
    assert.equal(find('Shout', 'custom')?.file, join(ws, BLOCKS, 'Shout.js'));
    assert.equal(find('BadSchema', 'custom')?.status, 'error');
    assert.match(find('BadSchema', 'custom')?.error ?? '', /configSchema\.properties\.count\.type must be one of/);
    assert.equal(find('TextGenerator', 'custom')?.status, 'clash');
    assert.ok(!rows.some((x) => x.file?.endsWith('_exclaim.js')), 'helpers are not blocks');
  });

  it('list prints a table, and reads the folder from datagenflow.customBlocksFolder', async () => {
    const ws = await workspaceWith(['Shout.js', '_exclaim.js', 'ThrowsOnLoad.js'], { '.vscode/settings.json': { 'datagenflow.customBlocksFolder': 'my-blocks' } }, 'my-blocks');
    const r = await runCli(['blocks', 'list'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^TYPE +NAME +CATEGORY +SOURCE +AVAILABILITY$/m);
    assert.match(r.stdout, /^Shout +Shout +utilities +custom +ok$/m);
    assert.match(r.stdout, /^TextGenerator +Text Generator +generators +builtin +ok$/m);
    assert.match(r.stdout, /^\(ThrowsOnLoad\.js\) +- +- +custom +error: ThrowsOnLoad\.js line 5: Error: API_TOKEN is not set/m);
    assert.match(r.stdout, /Custom blocks folder: my-blocks \(2 module\(s\), 1 not loaded\)/);
  });

  it('scaffold writes a working block and a passing node --test test, and never overwrites', async () => {
    const ws = await workspace({});
    const r = await runCli(['blocks', 'scaffold', 'UppercaseField', '--category', 'utilities'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Wrote \.datagenflow\/blocks\/UppercaseField\.js and \.datagenflow\/blocks\/UppercaseField\.test\.js/);
    const blockFile = join(ws, BLOCKS, 'UppercaseField.js');
    const testFile = join(ws, BLOCKS, 'UppercaseField.test.js');

    const set = loadCustomBlocks({ folder: join(ws, BLOCKS), trusted: true });
    assert.deepEqual(set.entries.map((e) => [e.type, e.status]), [['UppercaseField', 'ok']], 'the test file is not loaded as a block');
    const block = set.blocks[0];
    assert.equal(block.name, 'Uppercase Field');
    assert.equal(block.category, 'utilities');
    assert.deepEqual(await runBlock(block, { field: 'title' }, { title: 'green tea' }), { output: { uppercased: 'GREEN TEA' } });

    const test = spawnSync(process.execPath, ['--test', testFile], { cwd: ws, encoding: 'utf8' });
    assert.equal(test.status, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /# pass 3/);

    await writeFile(blockFile, '// my edits\n');
    const again = await runCli(['blocks', 'scaffold', 'UppercaseField'], { cwd: ws });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /UppercaseField\.js and .*UppercaseField\.test\.js already exist and were left untouched: choose another name/);
    assert.equal(await readFile(blockFile, 'utf8'), '// my edits\n');
  });

  it('scaffold refuses bad names and categories (exit 2), and a lone existing test file (exit 1)', async () => {
    const ws = await workspace({ [`${BLOCKS}/Lonely.test.js`]: '// mine\n' });
    const folder = join(ws, BLOCKS);
    for (const [name, category, message] of [
      ['uppercase', undefined, /"uppercase" is not a valid block name: use PascalCase/],
      ['Upper-Case', undefined, /not a valid block name/],
      ['TextGenerator', undefined, /"TextGenerator" is the type of a built-in block: choose another name/],
      ['Fine', 'misc', /"misc" is not a block category: use one of generators, validators/],
    ] as const) {
      assert.throws(() => scaffoldCustomBlock({ folder, name, category }), (e: unknown) => e instanceof DgfError && message.test(e.message) && e.code !== 'scaffold-exists');
    }
    const usage = await runCli(['blocks', 'scaffold', 'uppercase'], { cwd: ws });
    assert.equal(usage.code, 2, usage.stderr);
    assert.match(usage.stderr, /not a valid block name/);
    const lonely = await runCli(['blocks', 'scaffold', 'Lonely'], { cwd: ws });
    assert.equal(lonely.code, 1);
    assert.match(lonely.stderr, /Lonely\.test\.js already exists and was left untouched/);
    await assert.rejects(readFile(join(folder, 'Lonely.js')), /ENOENT/, 'nothing half-written');
    assert.deepEqual(await readdir(folder), ['Lonely.test.js']);
  });

  it('blocks without list or scaffold is a usage error', () => {
    assert.throws(() => parseCliArgs(['blocks']), /blocks needs list or scaffold/);
    assert.throws(() => parseCliArgs(['blocks', 'scaffold']), /blocks needs list or scaffold/);
    assert.deepEqual(parseCliArgs(['blocks', 'scaffold', 'A', '--category', 'metrics', '--workspace', '/w']), { command: 'blocks', action: 'scaffold', name: 'A', category: 'metrics', workspace: '/w' });
  });

  it('scaffold writes .cjs files in a "type": "module" package, and they still load and pass', async () => {
    const ws = await workspace({ 'package.json': { name: 'esm-workspace', type: 'module' } });
    const r = await runCli(['blocks', 'scaffold', 'Loud', '--workspace', ws], { cwd: resolve(ws, '..') });
    assert.equal(r.code, 0, r.stderr);
    const set = loadCustomBlocks({ folder: join(ws, BLOCKS), trusted: true });
    assert.deepEqual(set.entries.map((e) => [e.file, e.status]), [[join(ws, BLOCKS, 'Loud.cjs'), 'ok']]);
    const test = spawnSync(process.execPath, ['--test', join(ws, BLOCKS, 'Loud.test.cjs')], { cwd: ws, encoding: 'utf8' });
    assert.equal(test.status, 0, test.stdout + test.stderr);
  });

  it('the README shows the scaffold of UppercaseField verbatim', async () => {
    const readme = await readFile(resolve(__dirname, '../../../../README.md'), 'utf8');
    assert.ok(readme.includes('```js\n' + scaffoldBlockSource('UppercaseField', 'utilities') + '```\n'), 'README "Custom blocks" example = scaffoldBlockSource');
  });
});

describe('custom blocks in run and verify', function () {
  this.timeout(30_000);
  let server: FakeOpenAiServer;
  beforeEach(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 1 });
  });
  afterEach(() => server.close());

  const shout = { id: 'shout', type: 'Shout', config: { marks: 2 }, position: { x: 0, y: 200 } };
  const seeds = [{ repetitions: 1, metadata: { topic: 'tea' } }];

  it('run uses the workspace\'s custom blocks and warns about the broken ones', async () => {
    const ws = await workspaceWith(['Shout.js', '_exclaim.js', 'ThrowsOnLoad.js'], { 'p.dgf.json': twoStepPipeline(shout), 'seeds.json': seeds });
    server.options.reply = () => 'fine';
    const r = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--out', 'out.jsonl'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^\.datagenflow\/blocks\/ThrowsOnLoad\.js: warning: ThrowsOnLoad\.js line 5: Error: API_TOKEN is not set/m);
    const [record] = (await readFile(join(ws, 'out.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { accumulated_state: Record<string, unknown> });
    assert.equal(record.accumulated_state.shout, 'FINE!!');
  });

  it('verify knows custom block types and what they need from seeds', async () => {
    const ws = await workspaceWith(['Shout.js', '_exclaim.js', 'NoExecute.js'], {
      'p.dgf.json': { version: 1, name: 'p', blocks: [shout], edges: [{ source: 'start', target: 'shout' }, { source: 'shout', target: 'end' }] },
      'seeds.json': seeds,
      'good.json': [{ metadata: { assistant: 'hi' } }],
    });
    const bad = await runCli(['verify', 'p.dgf.json', 'seeds.json'], { cwd: ws });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /NoExecute\.js: warning: .*execute must be a function/);
    assert.match(bad.stdout, /"assistant".*"shout" \(Shout\)/);
    const good = await runCli(['verify', 'p.dgf.json', 'good.json'], { cwd: ws });
    assert.equal(good.code, 0, good.stdout + good.stderr);
  });
});
