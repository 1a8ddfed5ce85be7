import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const repo = join(__dirname, '../../..');
const seeds = [
  { repetitions: 2, metadata: { topic: 'tea' } },
  { repetitions: 1, metadata: { topic: 'rivers' } },
];

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const { parquetReadObjects } = await import('hyparquet');
  const data = await readFile(file);
  return (await parquetReadObjects({ file: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) })) as Record<string, unknown>[];
}

describe('datagenflow export --format', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  let ws: string;
  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 1 });
    ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': seeds });
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => server.close());

  it('openai_chat with the mapping of the pipeline file as it is now', async () => {
    const pipeline = { ...twoStepPipeline(), exports: { openai_chat: { user: '$metadata.topic', assistant: 'assistant', system: 'You answer questions.' } } };
    await writeFile(join(ws, 'p.dgf.json'), `${JSON.stringify(pipeline, null, 2)}\n`);
    const r = await runCli(['export', '--job', '1', '--format', 'openai_chat', '--out', 'out/chat.jsonl'], { cwd: ws });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 record\(s\) of job 1 written as OpenAI chat fine-tuning \(JSONL\) to .*chat\.jsonl/);
    const lines = (await readFile(join(ws, 'out/chat.jsonl'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
    assert.deepEqual(lines.map((l) => l.messages.map((m) => m.role)), [['system', 'user', 'assistant'], ['system', 'user', 'assistant'], ['system', 'user', 'assistant']]);
    assert.deepEqual(lines[2].messages[1], { role: 'user', content: 'rivers' });
    assert.equal(lines[2].messages[2].content, 'Echo: Answer: Echo: Ask about rivers');
  });

  it('lists the records it cannot map on stderr with the reason and exits 5, writing the others', async () => {
    const pipeline = { ...twoStepPipeline(), exports: { alpaca: { instruction: 'topic', output: 'nothing_here' } } };
    await writeFile(join(ws, 'p.dgf.json'), `${JSON.stringify(pipeline, null, 2)}\n`);
    const r = await runCli(['export', '--job', '1', '--format', 'alpaca', '--out', 'out/alpaca.jsonl'], { cwd: ws });
    assert.equal(r.code, 5, r.stderr);
    assert.match(r.stderr, /3 record\(s\) could not be exported as alpaca/);
    assert.match(r.stderr, /record #\d+ \(seed 1, s0\.r0\): `nothing_here` is missing, not text/);
    assert.match(r.stderr, /exports\.alpaca/);
    assert.equal(await readFile(join(ws, 'out/alpaca.jsonl'), 'utf8'), '');
  });

  it('refuses an unknown format (usage) and a malformed mapping (could not run, nothing written)', async () => {
    assert.equal((await runCli(['export', '--job', '1', '--format', 'xlsx', '--out', 'x'], { cwd: ws })).code, 2);
    const pipeline = { ...twoStepPipeline(), exports: { csv: { columns: { a: 7 } } } };
    await writeFile(join(ws, 'p.dgf.json'), `${JSON.stringify(pipeline, null, 2)}\n`);
    const r = await runCli(['export', '--job', '1', '--format', 'csv', '--out', 'out/never.csv'], { cwd: ws });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"exports\.csv\.columns\.a" must be a field name or path/);
    assert.ok(!(await readdir(join(ws, 'out'))).includes('never.csv'));
  });

  it('the built bundle (dist/cli.js) writes Parquet and a Hugging Face folder', async () => {
    await writeFile(join(ws, 'p.dgf.json'), `${JSON.stringify(twoStepPipeline(), null, 2)}\n`);
    execFileSync(process.execPath, ['esbuild.mjs', '--only=cli'], { cwd: repo, stdio: 'pipe' });
    const cli = join(repo, 'dist/cli.js');
    const parquet = spawnSync(process.execPath, [cli, 'export', '--job', '1', '--format', 'parquet', '--out', 'out/all.parquet'], { cwd: ws, encoding: 'utf8' });
    assert.equal(parquet.status, 0, parquet.stderr);
    assert.equal(parquet.stderr, '');
    const rows = await readParquet(join(ws, 'out/all.parquet'));
    assert.deepEqual(rows.map((r) => r.topic), ['tea', 'tea', 'rivers']);
    const hf = spawnSync(process.execPath, [cli, 'export', '--job', '1', '--format', 'huggingface', '--out', 'out/dataset'], { cwd: ws, encoding: 'utf8' });
    assert.equal(hf.status, 0, hf.stderr);
    assert.match(hf.stdout, /\(train 3, validation 0, test 0\)/);
    const card = await readFile(join(ws, 'out/dataset/README.md'), 'utf8');
    const meta = yaml.load(card.slice(4, card.indexOf('\n---\n', 4) + 1)) as { dataset_info: { splits: { num_examples: number }[] } };
    assert.equal(meta.dataset_info.splits.reduce((n, s) => n + s.num_examples, 0), 3);
  });
});
