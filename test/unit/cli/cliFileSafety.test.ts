import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace, type CliResult } from './cliHarness';

const seeds = [{ repetitions: 2, metadata: { topic: 'tea' } }];

/** Exit 1 with one `datagenflow:`-style line on stderr naming `mentions`, and no stack trace or "unexpected error". */
function assertOneClearLine(result: CliResult, mentions: RegExp): void {
  assert.equal(result.code, 1, `exit code\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /unexpected error/);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0], mentions);
}

async function snapshotFolder(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir, { recursive: true })) {
    const content = await readFile(join(dir, name)).catch(() => undefined);
    if (content) out[name] = content.toString('base64');
  }
  return out;
}

describe('datagenflow CLI never destroys files it did not write, and says why in one line', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  let ws: string;
  const run = (...args: string[]) => runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, ...args], { cwd: ws });

  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 1 });
    ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, 'notes.txt': 'my notes\n', 'a-folder/keep.txt': 'x' });
    const first = await run();
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => server.close());

  describe('export --out', () => {
    it('refuses the database, its journal and lock, even with --force, leaving them and the jobs intact', async () => {
      const before = await snapshotFolder(join(ws, '.datagenflow'));
      for (const target of ['.datagenflow/datagenflow.db', '.datagenflow/datagenflow.db-journal.jsonl', '.datagenflow/datagenflow.db.lock']) {
        for (const force of [[], ['--force']]) {
          const result = await runCli(['export', '--job', '1', '--out', target, ...force], { cwd: ws });
          assertOneClearLine(result, new RegExp(`Not exported: .*${target.replace(/\./g, '\\.')}.*(database)`));
        }
      }
      assert.deepEqual(await snapshotFolder(join(ws, '.datagenflow')), before);
      const jobs = await runCli(['jobs', '--json'], { cwd: ws });
      assert.equal((JSON.parse(jobs.stdout) as unknown[]).length, 1);
    });

    it('refuses the seed file, the pipeline and any other existing file unless --force; they stay byte for byte', async () => {
      for (const target of ['seeds.json', 'p.dgf.json', 'notes.txt']) {
        const before = await readFile(join(ws, target));
        const result = await runCli(['export', '--job', '1', '--out', target], { cwd: ws });
        assertOneClearLine(result, new RegExp(`${target.replace(/\./g, '\\.')} already exists and is not an earlier DataGenFlow export.*--force`));
        assert.deepEqual(await readFile(join(ws, target)), before);
      }
      const forced = await runCli(['export', '--job', '1', '--out', 'notes.txt', '--force'], { cwd: ws });
      assert.equal(forced.code, 0, forced.stderr);
      assert.equal((await readFile(join(ws, 'notes.txt'), 'utf8')).trim().split('\n').length, 2);
    });

    it('replaces an earlier export without --force, and refuses a folder', async () => {
      for (let i = 0; i < 2; i++) {
        const result = await runCli(['export', '--job', '1', '--out', 'out.jsonl'], { cwd: ws });
        assert.equal(result.code, 0, result.stderr);
      }
      assertOneClearLine(await runCli(['export', '--job', '1', '--out', 'a-folder'], { cwd: ws }), /a-folder is a folder/);
      assert.equal(await readFile(join(ws, 'a-folder/keep.txt'), 'utf8'), 'x');
    });
  });

  describe('run --out', () => {
    it('refuses the database, its journal and lock as the JSONL output', async () => {
      const before = await snapshotFolder(join(ws, '.datagenflow'));
      for (const target of ['.datagenflow/datagenflow.db-journal.jsonl', '.datagenflow/datagenflow.db']) {
        assertOneClearLine(await run('--out', target), /is a file of the database/);
      }
      assert.deepEqual(Object.keys(await snapshotFolder(join(ws, '.datagenflow'))), Object.keys(before));
      assert.equal((await readFile(join(ws, '.datagenflow/datagenflow.db-journal.jsonl'))).length, 0);
    });
  });

  describe('--db', () => {
    it('run --db <seed file> is refused, exit 1, the file untouched and nothing created beside it', async () => {
      const before = await snapshotFolder(ws);
      const result = await run('--db', 'seeds.json');
      assertOneClearLine(result, /seeds\.json is not a DataGenFlow database .*not modified/);
      assert.deepEqual(await snapshotFolder(ws), before, 'no .corrupt copy, no lock, no new database');
    });

    it('jobs, export, resume and retry refuse an explicit --db that is not a database', async () => {
      for (const args of [['jobs'], ['export', '--job', '1', '--out', 'x.jsonl'], ['resume', '--job', '1'], ['retry', '--job', '1', '--base-url', server.baseUrl]]) {
        const result = await runCli([...args, '--db', 'notes.txt'], { cwd: ws });
        assertOneClearLine(result, /notes\.txt is not a DataGenFlow database/);
      }
    });

    it('a --db that is a folder, or inside a regular file: one clear line, exit 1', async () => {
      assertOneClearLine(await run('--db', 'a-folder'), /a-folder is a folder/);
      assertOneClearLine(await run('--db', 'seeds.json/jobs.db'), /seeds\.json\/jobs\.db.*is a file, not a folder/);
      assertOneClearLine(await runCli(['jobs', '--db', 'a-folder'], { cwd: ws }), /a-folder is a folder/);
    });

    it('a database folder that cannot be written: one clear line, exit 1', async () => {
      // Root ignores permission bits, but not /sys, which refuses new files to everyone.
      let folder = '/sys/fs';
      if (process.getuid?.() !== 0) {
        folder = join(ws, 'read-only');
        await mkdir(folder);
        await chmod(folder, 0o555);
      }
      assertOneClearLine(await run('--db', join(folder, 'jobs.db')), /permission denied|not permitted|read-only/);
    });

    it('the workspace database that is not one is still kept aside and replaced (it is ours)', async () => {
      const own = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds, '.datagenflow/datagenflow.db': 'garbage' });
      const result = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: own });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /kept as .*datagenflow\.db\.corrupt-/);
    });
  });

  describe('other paths the user gives', () => {
    it('--out that is a folder or inside a file, and a workspace whose settings.json is a folder: one line each', async () => {
      assertOneClearLine(await run('--out', 'a-folder'), /a-folder is a folder/);
      assertOneClearLine(await run('--out', 'seeds.json/out.jsonl'), /seeds\.json/);
      const odd = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
      await mkdir(join(odd, '.vscode/settings.json'), { recursive: true });
      assertOneClearLine(await runCli(['jobs'], { cwd: odd }), /settings\.json is a folder/);
    });

    it('missing or folder pipeline and seed files: one line each', async () => {
      assertOneClearLine(await runCli(['verify', 'missing.dgf.json', 'seeds.json'], { cwd: ws }), /missing\.dgf\.json.*does not exist/);
      assertOneClearLine(await runCli(['verify', 'a-folder', 'seeds.json'], { cwd: ws }), /pipeline file a-folder/);
      // A folder is a seed form of multiplier pipelines (issue 12); for any other pipeline it is still one clear line.
      assertOneClearLine(await runCli(['run', 'p.dgf.json', '--seeds', 'a-folder', '--base-url', server.baseUrl], { cwd: ws }), /seed folder a-folder: pipeline ".*" needs a JSON seed file/);
      assertOneClearLine(await runCli(['verify', 'p.dgf.json', 'a-folder'], { cwd: ws }), /seed folder a-folder: pipeline ".*" needs a JSON seed file/);
      assertOneClearLine(await runCli(['new', 'qa_generation', 'seeds.json'], { cwd: ws }), /seeds\.json/);
      await writeFile(join(ws, 'seeds.json'), JSON.stringify(seeds));
    });
  });
});
