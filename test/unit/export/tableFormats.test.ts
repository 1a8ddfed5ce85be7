import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDataset } from '../../../src/core/export/exportDataset';
import { parseCsv } from './csvParse';
import { chatJob, chatResult, databaseRecords } from './exportTestKit';
import { newJob, openStore, writeAll } from '../store/storeTestKit';

type Hyparquet = typeof import('hyparquet');
const hyparquet = (): Promise<Hyparquet> => import('hyparquet');

/** Reads a Parquet file with hyparquet (a second, independent implementation); INT64 columns come back as bigint. */
async function readParquet(file: string): Promise<{ rows: Record<string, unknown>[]; rowGroups: number }> {
  const { parquetReadObjects, parquetMetadata } = await hyparquet();
  const data = await readFile(file);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const rows = await parquetReadObjects({ file: buffer });
  return { rows: JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as Record<string, unknown>[], rowGroups: parquetMetadata(buffer).row_groups.length };
}

describe('export: CSV and Parquet', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dgf-export-table-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('CSV: a header and one row per record, read back equal to the database (nested values as JSON text)', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'chat.csv');
    const columns = { id: '$id', persona: '$metadata.persona', question: 'question', messages: 'messages', score: 'score', passed: 'judge.passed' };
    const result = await exportDataset(store, { jobId: 1, format: 'csv', outPath, mappings: { csv: { columns } } });
    const [header, ...rows] = parseCsv(await readFile(outPath, 'utf8'));
    assert.deepEqual(header, Object.keys(columns));
    const expected = databaseRecords(store, 1, (r) => r.status !== 'failed');
    assert.equal(result.count, expected.length);
    assert.deepEqual(
      rows,
      expected.map((r) => [String(r.id), String(r.metadata.persona), String(r.output?.question), JSON.stringify(r.output?.messages), String(r.output?.score), String((r.output?.judge as { passed: boolean }).passed)]),
    );
  });

  it('CSV without a mapping: every field of the record as a column', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'all.csv');
    await exportDataset(store, { jobId: 1, format: 'csv', outPath });
    const [header] = parseCsv(await readFile(outPath, 'utf8'));
    assert.deepEqual(header, ['persona', 'topic', 'messages', 'question', 'answer', 'score', 'ratio', 'tags', 'judge']);
  });

  it('Parquet: nested fields as nested columns, numbers typed over every record, read back by hyparquet equal to the database', async () => {
    const store = await chatJob();
    const outPath = join(dir, 'chat.parquet');
    const result = await exportDataset(store, { jobId: 1, format: 'parquet', outPath, rowGroupSize: 2 });
    const expected = databaseRecords(store, 1, (r) => r.status !== 'failed');
    assert.equal(result.count, expected.length);
    const { rows, rowGroups } = await readParquet(outPath);
    // Streamed: rows are flushed every rowGroupSize rows.
    assert.equal(rowGroups, Math.ceil(expected.length / 2));
    assert.deepEqual(rows, expected.map((r) => r.output));
    const { parquetSchema, parquetMetadata } = await hyparquet();
    const data = await readFile(outPath);
    const schema = parquetSchema(parquetMetadata(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
    const byName = Object.fromEntries(schema.children.map((c) => [c.element.name, c]));
    assert.equal(byName.messages.element.repetition_type, 'REPEATED');
    assert.deepEqual(byName.messages.children.map((c) => c.element.name), ['role', 'content']);
    assert.deepEqual(byName.judge.children.map((c) => [c.element.name, c.element.type]), [['passed', 'BOOLEAN'], ['notes', 'BYTE_ARRAY']]);
    assert.equal(byName.score.element.type, 'INT64');
    // 0.5 in one record, 1 in the others: the column is a double for all.
    assert.equal(byName.ratio.element.type, 'DOUBLE');
  });

  it('Parquet: a column whose values have different types is kept whole as JSON text', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, [chatResult(0, 0, { extra: 'text' }), chatResult(1, 0, { extra: { a: 1 } }), chatResult(2, 0, { extra: null })]);
    const outPath = join(dir, 'mixed.parquet');
    await exportDataset(store, { jobId: id, format: 'parquet', outPath, mappings: { parquet: { columns: { extra: 'extra', tags: 'tags' } } } });
    const { rows } = await readParquet(outPath);
    assert.deepEqual(rows, [
      { extra: '"text"', tags: ['chat', 's0.r0'] },
      { extra: '{"a":1}', tags: ['chat', 's1.r0'] },
      // null is written as a missing value, which readers give back as null.
      { extra: null, tags: ['chat', 's2.r0'] },
    ]);
  });
});
