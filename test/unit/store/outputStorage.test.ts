import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { jobCharts } from '../../../src/core/review/reviewCharts';
import type { TraceEntry, UnitResult } from '../../../src/core/records/unitResult';
import { exportJsonl } from '../../../src/core/store/exportJsonl';
import { decodeOutput, encodeOutput } from '../../../src/core/store/outputCodec';
import { applyStoreOp } from '../../../src/core/store/storeOps';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import type { JsonObject } from '../../../src/core/store/storeTypes';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { tempDir } from './durable/itemsStore';
import { dumpTables, newJob, openLog, openStore, writeAll } from './storeTestKit';

/*
 * A record's output repeats its seed metadata; the output column stores it without the keys it repeats
 * (outputCodec) and every reader gets the whole output back, exactly (values and key order).
 */

const METADATA: JsonObject = { topic: 'volcanoes', level: 2, tags: ['geo', 'earth'], info: { source: 'wiki', pages: 3 } };

/** Block `a` overwrites `level` with another value and `tags` with the same one; block `b` adds a score. */
function unit(seedIndex: number, score: number): UnitResult {
  const key = `s${seedIndex}.r0`;
  const metadata = structuredClone(METADATA);
  const a = { level: 3, tags: ['geo', 'earth'], question: `Q ${key}` };
  const b = { score, _raw: 'internal' };
  const trace: TraceEntry[] = [
    { block_id: 'a', block_type: 'TextGenerator', started_at: '2026-01-01T00:00:00.000Z', duration_ms: 5, output: a, error: null },
    { block_id: 'b', block_type: 'JSONValidatorBlock', started_at: '2026-01-01T00:00:00.005Z', duration_ms: 1, output: b, error: null },
  ];
  return {
    key,
    seedIndex,
    repetition: 0,
    status: 'succeeded',
    metadata,
    output: { ...metadata, ...a, ...b },
    trace,
    usage: { input_tokens: 1, output_tokens: 1, cached_tokens: 0 },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 6,
  };
}

const UNITS = [unit(0, 4), unit(1, 9)];

function column(db: Database, name: 'output' | 'original_output', id: number): JsonObject | null {
  const value = db.exec(`SELECT ${name} FROM records WHERE id = ?`, [id])[0].values[0][0];
  return typeof value === 'string' ? (JSON.parse(value) as JsonObject) : null;
}

/** Same JSON text: same values and the same key order. */
function assertExactly(actual: unknown, expected: unknown, what: string): void {
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), what);
}

async function exportedStates(store: WorkspaceStore, jobId: number): Promise<unknown[]> {
  const dir = await tempDir('dgf-output-');
  try {
    const outPath = join(dir, 'out.jsonl');
    await exportJsonl(store, { jobId, outPath });
    return (await readFile(outPath, 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { accumulated_state: unknown }).accumulated_state);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every read path gives the outputs `expected` (by record id 1, 2, …) and the units' traces. */
async function assertReads(store: WorkspaceStore, jobId: number, expected: JsonObject[]): Promise<void> {
  expected.forEach((output, i) => {
    const record = store.getRecord(i + 1);
    assertExactly(record?.output, output, `getRecord(${i + 1}).output`);
    assert.deepEqual(record?.trace, UNITS[i].trace, `trace of record ${i + 1}`);
    assertExactly(record?.metadata, METADATA, `metadata of record ${i + 1}`);
  });
  const page = store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 10 });
  assertExactly(page.map((r) => r.output), expected, 'page outputs');
  const views: unknown[] = [];
  for await (const r of store.jobRecords(jobId)) views.push(r.output);
  assertExactly(views, expected, 'job-end hook record views');
  // Export: only block outputs; `level` and `tags` are metadata keys, so they are left out even when overwritten.
  assertExactly(
    await exportedStates(store, jobId),
    expected.map((o) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_') && !(k in METADATA)))),
    'exported accumulated_state',
  );
  const [chart] = await jobCharts(() => store.db, jobId, [['score']]);
  assert.equal(chart?.count, expected.length);
  assert.equal(chart?.mean, expected.reduce((s, o) => s + (o.score as number), 0) / expected.length);
}

describe('record outputs in the store', () => {
  it('stores the output without the metadata keys it repeats, keeping a block value that differs from the metadata', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, UNITS);
    assertExactly(column(log.db, 'output', 1), { level: 3, question: 'Q s0.r0', score: 4, _raw: 'internal' }, 'stored output column');
    await assertReads(store, id, UNITS.map((u) => u.output as JsonObject));
  });

  it('edits and undo keep the stored form and read back the whole output and the original', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, UNITS);
    const generated = UNITS[0].output as JsonObject;
    await store.editRecord(1, { question: 'edited', extra: 'new' });
    const edited = { ...generated, question: 'edited', extra: 'new' };
    assertExactly(column(log.db, 'output', 1), { level: 3, question: 'edited', score: 4, _raw: 'internal', extra: 'new' }, 'stored edit');
    assertExactly(column(log.db, 'original_output', 1), { level: 3, question: 'Q s0.r0', score: 4, _raw: 'internal' }, 'stored original');
    const record = store.getRecord(1);
    assertExactly(record?.originalOutput, generated, 'originalOutput');
    await assertReads(store, id, [edited, UNITS[1].output as JsonObject]);
    await store.undoLastAction(id);
    assert.equal(store.getRecord(1)?.originalOutput, null);
    await assertReads(store, id, UNITS.map((u) => u.output as JsonObject));
  });

  it('reads rows stored whole (databases written before) exactly as before, edited or not', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, UNITS);
    UNITS.forEach((u, i) => log.db.run('UPDATE records SET output = ? WHERE id = ?', [JSON.stringify(u.output), i + 1]));
    await assertReads(store, id, UNITS.map((u) => u.output as JsonObject));
    const edited = { ...(UNITS[1].output as JsonObject), question: 'old edit' };
    log.db.run('UPDATE records SET output = ?, original_output = ?, edited = 1 WHERE id = 2', [JSON.stringify(edited), JSON.stringify(UNITS[1].output)]);
    assertExactly(store.getRecord(2)?.originalOutput, UNITS[1].output, 'old originalOutput');
    await assertReads(store, id, [UNITS[0].output as JsonObject, edited]);
    // Editing an old row stores the new output in the new form; its original stays as it was, and both read whole.
    await store.editRecord(2, { question: 'new edit' });
    assert.ok(!('topic' in (column(log.db, 'output', 2) ?? {})));
    assertExactly(store.getRecord(2)?.originalOutput, UNITS[1].output, 'original after a new edit');
    await assertReads(store, id, [UNITS[0].output as JsonObject, { ...edited, question: 'new edit' }]);
  });

  it('replaying the journal stores the same columns', async () => {
    const { store, log } = await openStore();
    const { id } = await store.createJob(newJob());
    await writeAll(store, id, UNITS);
    await store.editRecord(2, { question: 'edited' });
    const replay = await openLog();
    for (const batch of log.batches) for (const op of batch as StoreOperation[]) applyStoreOp(replay.db, op);
    assert.deepEqual(dumpTables(replay.db), dumpTables(log.db));
  });

  it('stores an output whole when leaving keys out could not be undone exactly', () => {
    const metadata = { topic: 't', level: 1 };
    // Metadata keys after a block key (not the engine's order) and a metadata key missing: both kept as they are.
    const reordered = { question: 'q', topic: 't', level: 1 };
    assert.equal(encodeOutput(reordered, metadata), reordered);
    const missing = { topic: 't', question: 'q' };
    assert.equal(encodeOutput(missing, metadata), missing);
    // An object equal in value but not in JSON (key order) is a different value: kept.
    assertExactly(encodeOutput({ topic: 't', level: 1, info: { b: 1, a: 2 } }, { ...metadata, info: { a: 2, b: 1 } }), { info: { b: 1, a: 2 } }, 'reordered object kept');
    const engine = { topic: 't', level: 2, answer: 'a' };
    const stored = encodeOutput(engine, metadata);
    assertExactly(stored, { level: 2, answer: 'a' }, 'engine order');
    assertExactly(decodeOutput(stored, metadata), engine, 'decoded');
    assert.equal(decodeOutput(engine, metadata), engine, 'a whole output is returned as it is');
  });
});
