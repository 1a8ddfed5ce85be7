import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { exportDataset } from '../../../src/core/export/exportDataset';
import { splitPlan, splitSizes } from '../../../src/core/export/splitPlan';
import { ExportTargetError } from '../../../src/core/store/exportTarget';
import { chatJob, databaseRecords } from './exportTestKit';

async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const { parquetReadObjects } = await import('hyparquet');
  const data = await readFile(file);
  const rows = await parquetReadObjects({ file: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) });
  return JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>[];
}

function frontMatter(card: string): Record<string, unknown> {
  assert.ok(card.startsWith('---\n'));
  const end = card.indexOf('\n---\n', 4);
  assert.ok(end > 0);
  return yaml.load(card.slice(4, end + 1)) as Record<string, unknown>;
}

const NOW = () => new Date('2026-02-03T04:05:06.000Z');

describe('export: Hugging Face dataset folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dgf-export-hf-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('split sizes follow the ratios; the same seed gives the same splits, another seed others', () => {
    assert.deepEqual(splitSizes(100, { train: 0.8, validation: 0.1, test: 0.1 }), { train: 80, validation: 10, test: 10 });
    assert.deepEqual(splitSizes(7, { train: 8, validation: 1, test: 1 }), { train: 5, validation: 1, test: 1 });
    assert.deepEqual(splitSizes(3, { train: 1, validation: 0, test: 0 }), { train: 3, validation: 0, test: 0 });
    const a = splitPlan(1000, { train: 0.8, validation: 0.1, test: 0.1 }, 42);
    assert.deepEqual(a, splitPlan(1000, { train: 0.8, validation: 0.1, test: 0.1 }, 42));
    assert.notDeepEqual(a, splitPlan(1000, { train: 0.8, validation: 0.1, test: 0.1 }, 43));
    assert.deepEqual([0, 1, 2].map((s) => a.filter((x) => x === s).length), [800, 100, 100]);
  });

  it('writes data/<split>-*.parquet and a card whose YAML parses, with features, splits, sizes, pipeline, models, license', async () => {
    const store = await chatJob(20);
    const outPath = join(dir, 'dataset');
    const mappings = { huggingface: { columns: { messages: 'messages', persona: '$metadata.persona', score: 'score', judge: 'judge' }, splits: { train: 0.6, validation: 0.2, test: 0.2 }, seed: 7, license: 'cc-by-4.0' } };
    const result = await exportDataset(store, { jobId: 1, format: 'huggingface', outPath, mappings, now: NOW });
    assert.deepEqual(result.splits, { train: 12, validation: 4, test: 4 });
    assert.equal(result.count, 20);
    assert.deepEqual((await readdir(outPath)).sort(), ['README.md', 'data']);
    assert.deepEqual((await readdir(join(outPath, 'data'))).sort(), ['test-00000-of-00001.parquet', 'train-00000-of-00001.parquet', 'validation-00000-of-00001.parquet']);

    // Every record once, in one split, equal to the database; each split in unit order.
    const expected = databaseRecords(store, 1, (r) => r.status !== 'failed').map((r) => ({ messages: r.output?.messages, persona: r.metadata.persona, score: r.output?.score, judge: r.output?.judge }));
    const splits = await Promise.all(['train', 'validation', 'test'].map((s) => readParquet(join(outPath, 'data', `${s}-00000-of-00001.parquet`))));
    const all = splits.flat();
    assert.equal(all.length, expected.length);
    for (const row of expected) assert.equal(all.filter((r) => JSON.stringify(r) === JSON.stringify(row)).length, 1, JSON.stringify(row));
    for (const split of splits) {
      const order = split.map((r) => expected.findIndex((e) => JSON.stringify(e) === JSON.stringify(r)));
      assert.deepEqual(order, [...order].sort((x, y) => x - y));
    }

    const card = frontMatter(await readFile(join(outPath, 'README.md'), 'utf8'));
    assert.equal(card.license, 'cc-by-4.0');
    assert.deepEqual(card.configs, [{ config_name: 'default', data_files: ['train', 'validation', 'test'].map((s) => ({ split: s, path: `data/${s}-*.parquet` })) }]);
    const info = card.dataset_info as { features: unknown[]; splits: { name: string; num_examples: number; num_bytes: number }[]; download_size: number };
    assert.deepEqual(info.features, [
      { name: 'messages', list: [{ name: 'role', dtype: 'string' }, { name: 'content', dtype: 'string' }] },
      { name: 'persona', dtype: 'string' },
      { name: 'score', dtype: 'int64' },
      { name: 'judge', struct: [{ name: 'passed', dtype: 'bool' }, { name: 'notes', dtype: 'string' }] },
    ]);
    assert.deepEqual(info.splits.map((s) => [s.name, s.num_examples]), [['train', 12], ['validation', 4], ['test', 4]]);
    assert.equal(info.download_size, info.splits.reduce((n, s) => n + s.num_bytes, 0));
    const dgf = card.datagenflow as Record<string, Record<string, unknown>>;
    assert.equal(dgf.pipeline.name, 'Multi-turn Chat');
    assert.deepEqual(dgf.pipeline.blocks, [{ id: 'chat', type: 'ConversationGenerator', model: 'gpt-test', temperature: 0.8, max_tokens: 400 }]);
    assert.deepEqual(dgf.split, { seed: 7, ratios: { train: 0.6, validation: 0.2, test: 0.2 } });
    assert.equal(dgf.exported_at, '2026-02-03T04:05:06.000Z');
  });

  it('the same seed reproduces the same folder contents; the folder of an earlier export is replaced', async () => {
    const store = await chatJob(20);
    const outPath = join(dir, 'dataset');
    await exportDataset(store, { jobId: 1, format: 'huggingface', outPath, now: NOW });
    const first = await readFile(join(outPath, 'data', 'test-00000-of-00001.parquet'));
    const firstCard = await readFile(join(outPath, 'README.md'), 'utf8');
    await exportDataset(store, { jobId: 1, format: 'huggingface', outPath, now: NOW });
    assert.deepEqual(await readFile(join(outPath, 'data', 'test-00000-of-00001.parquet')), first);
    assert.equal(await readFile(join(outPath, 'README.md'), 'utf8'), firstCard);
    // A clone of the Hub repository: its own files stay, data/ and the card are replaced.
    await mkdir(join(outPath, '.git'));
    await writeFile(join(outPath, '.gitattributes'), '*.parquet filter=lfs\n');
    await writeFile(join(outPath, 'data', 'old-00000-of-00001.parquet'), 'stale');
    const other = await exportDataset(store, { jobId: 1, format: 'huggingface', outPath, now: NOW, mappings: { huggingface: { seed: 1 } } });
    assert.deepEqual((await readdir(outPath)).sort(), ['.git', '.gitattributes', 'README.md', 'data']);
    assert.deepEqual((await readdir(join(outPath, 'data'))).sort(), ['test-00000-of-00001.parquet', 'train-00000-of-00001.parquet', 'validation-00000-of-00001.parquet']);
    assert.deepEqual(other.splits, { train: 16, validation: 2, test: 2 });
    assert.notDeepEqual(await readFile(join(outPath, 'data', 'test-00000-of-00001.parquet')), first);
  });

  it('a folder holding other files is never replaced, even when overwriting is allowed', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'mine');
    await mkdir(outPath);
    await writeFile(join(outPath, 'notes.txt'), 'keep');
    await assert.rejects(exportDataset(store, { jobId: 1, format: 'huggingface', outPath, overwrite: 'any' }), ExportTargetError);
    assert.deepEqual(await readdir(outPath), ['notes.txt']);
    assert.deepEqual((await readdir(dir)).sort(), ['mine']);
  });
});
