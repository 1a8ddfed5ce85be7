import assert from 'node:assert/strict';
import { appendFile, cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJsonl } from '../../../src/core/store/exportJsonl';
import { ExportTargetError } from '../../../src/core/store/exportTarget';
import { openWorkspaceStore, recordsFolder } from '../../../src/core/store/openWorkspaceStore';
import { STORE_SCHEMA_VERSION } from '../../../src/core/store/migrations';
import { schemaVersion } from '../../../src/core/store/durable/migrate';
import type { RecordDetail } from '../../../src/core/store/storeTypes';
import { add, applyItem, itemsV1, tempDir, type ItemOp } from './durable/itemsStore';
import { DurableDatabase } from '../../../src/core/store/durableDatabase';
import type { PayloadStore } from '../../../src/core/store/payload/payloadStore';
import { newJob, openStore, result, steppingClock, writeAll } from './storeTestKit';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';

/*
 * Record payloads (metadata, output, original output, trace) in per-job segment files beside the database: what sql.js
 * keeps, what each reader sees, and what a crash, a delete and an older database leave.
 */

const RESULTS = [result(0, 0), result(0, 1), result(1, 0), result(1, 1, true), result(2, 0)];

function inlineRows(db: import('sql.js').Database): number {
  return Number(db.exec("SELECT COUNT(*) FROM records WHERE payload_seg IS NULL OR output IS NOT NULL OR trace IS NOT NULL OR metadata != '{}'")[0].values[0][0]);
}

describe('record payloads in segment files', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await tempDir('dgf-segments-');
    path = join(dir, 'datagenflow.db');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps payloads out of sql.js; pages, records, edits, undo and export read them back, after a reopen too', async () => {
    const writer = await openWorkspaceStore(path, 'test writer');
    const { store } = writer;
    const job = await store.createJob(newJob());
    await writeAll(store, job.id, RESULTS);
    assert.equal(inlineRows(store.db), 0);
    assert.deepEqual(await readdir(join(recordsFolder(path), `job-${job.id}`)), ['0.seg']);
    const expected = RESULTS.map((r, i) => ({ id: i + 1, output: r.status === 'failed' ? null : r.output, metadata: r.metadata, trace: r.trace }));
    const check = (records: (RecordDetail | undefined)[]) =>
      assert.deepEqual(
        records.map((r) => ({ id: r?.id, output: r?.output, metadata: r?.metadata, trace: r?.trace })),
        expected,
      );
    check(expected.map((e) => store.getRecord(e.id)));
    await store.editRecord(1, { answer: 'edited' });
    assert.equal(store.getRecord(1)?.output?.answer, 'edited');
    assert.deepEqual(store.getRecord(1)?.originalOutput, RESULTS[0].output);
    assert.deepEqual(store.getRecord(1)?.trace, RESULTS[0].trace);
    await store.setStatus([2], 'accepted');
    await store.undoLastAction(job.id);
    await store.undoLastAction(job.id);
    check(expected.map((e) => store.getRecord(e.id)));
    await store.editRecord(2, { answer: 'kept edit' });
    const page = store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 10 });
    assert.deepEqual(page.map((r) => r.output?.answer ?? null), ['A s0.r0', 'kept edit', 'A s1.r0', null, 'A s2.r0']);
    const out = join(dir, 'out.jsonl');
    assert.equal((await exportJsonl(store, { jobId: job.id, outPath: out })).count, 4);
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { accumulated_state: { answer: string } });
    assert.equal(lines[1].accumulated_state.answer, 'kept edit');
    await assert.rejects(
      exportJsonl(store, { jobId: job.id, outPath: join(recordsFolder(path), `job-${job.id}`, '0.seg'), databases: [path], overwrite: 'any' }),
      (e: unknown) => e instanceof ExportTargetError && e.reason === 'database',
    );
    // Another window: read-only, it reads the same segment files.
    const reader = await openWorkspaceStore(path, 'test reader', { readOnly: true });
    assert.equal(reader.store.getRecord(2)?.output?.answer, 'kept edit');
    await assert.rejects(reader.store.editRecord(3, { answer: 'no' }), /read-only|in use/);
    // Records of a job started after the reader opened: a new folder and segment, read after a refresh.
    const later = await store.createJob(newJob());
    await writeAll(store, later.id, [result(5, 0)]);
    assert.equal(await reader.refresh(), true);
    assert.deepEqual(reader.store.getRecord(6)?.output, result(5, 0).output);
    await reader.close();
    await writer.close();
    const again = await openWorkspaceStore(path, 'test writer');
    assert.equal(again.store.getRecord(2)?.output?.answer, 'kept edit');
    assert.deepEqual(again.store.getRecord(2)?.originalOutput, RESULTS[1].output);
    assert.deepEqual(again.store.statusCounts(job.id), { pending: 4, accepted: 0, rejected: 0, failed: 1, total: 5 });
    assert.deepEqual(again.store.getRecord(6)?.trace, result(5, 0).trace);
    await again.close();
  });

  it('exports exactly what a store with payloads inline exports (outputs copied as stored when they hold block outputs only)', async () => {
    const lean = RESULTS.map((r, i) => {
      if (i % 2 === 1 || !r.output) return r;
      const { _raw: _dropped, ...output } = r.output;
      return { ...r, output };
    });
    const writer = await openWorkspaceStore(path, 'test writer');
    const { store: memory } = await openStore();
    const lines: string[] = [];
    // The same clock for both, so timestamps match too.
    for (const store of [new WorkspaceStore(writer.store.opLog, { clock: steppingClock() }), memory]) {
      const job = await store.createJob(newJob());
      await writeAll(store, job.id, lean);
      await store.editRecord(1, { answer: 'edited' });
      await store.editRecord(3, { score: 4 });
      const out = join(dir, `export-${lines.length}.jsonl`);
      await exportJsonl(store, { jobId: job.id, outPath: out });
      lines.push(await readFile(out, 'utf8'));
    }
    assert.equal(lines[0], lines[1]);
    assert.match(lines[0], /"accumulated_state":\{"question":"Q s1.r0","answer":"A s1.r0","score":4\}/);
    await writer.close();
  });

  it('syncs the payloads before the journal line that points at them is written', async () => {
    const journal = `${path}-journal.jsonl`;
    const seen: number[] = [];
    const payloads: PayloadStore = {
      readOnly: false,
      append: () => [0, 0, 0],
      read: () => Buffer.alloc(0),
      sync: async () => void seen.push((await stat(journal).catch(() => ({ size: -1 }))).size),
      removeJob: async () => undefined,
      removeOrphans: async () => [],
      close: async () => undefined,
    };
    const { database } = await DurableDatabase.open<ItemOp>({ path, migrations: itemsV1, apply: applyItem, holder: 'test', payloads });
    await database.commit([add(1)]);
    const afterFirst = (await stat(journal)).size;
    await database.commit([add(2)], { gather: true });
    assert.deepEqual(seen, [0, afterFirst], 'each sync saw the journal as it was before its group was appended');
    assert.ok((await stat(journal)).size > afterFirst);
    await database.close();
  });

  it('ignores the unreferenced tail a crash leaves in a segment, and appends after it', async () => {
    const writer = await openWorkspaceStore(path, 'test writer');
    const job = await writer.store.createJob(newJob());
    await writeAll(writer.store, job.id, RESULTS.slice(0, 2));
    await writer.close();
    const segment = join(recordsFolder(path), `job-${job.id}`, '0.seg');
    const before = (await stat(segment)).size;
    // A payload written but never journaled (killed before its journal line): garbage to every reader.
    await appendFile(segment, Buffer.from('half a payload'));
    const again = await openWorkspaceStore(path, 'test writer');
    await writeAll(again.store, job.id, RESULTS.slice(2));
    assert.ok((await stat(segment)).size > before + 14);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((id) => again.store.getRecord(id)?.trace),
      RESULTS.map((r) => r.trace),
    );
    await again.close();
  });

  it('removes a job folder once its delete is durable, and a folder a crash left behind at the next open', async () => {
    const writer = await openWorkspaceStore(path, 'test writer');
    const first = await writer.store.createJob(newJob());
    await writeAll(writer.store, first.id, RESULTS.slice(0, 2));
    await writer.store.finishJob(first.id, { status: 'completed', usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 }, elapsedMs: 1, total: 2 });
    await writer.store.deleteJob(first.id);
    assert.deepEqual(await readdir(recordsFolder(path)), []);
    await writer.close();
    await mkdir(join(recordsFolder(path), 'job-7'), { recursive: true });
    const again = await openWorkspaceStore(path, 'test writer');
    assert.deepEqual(await readdir(recordsFolder(path)), []);
    await again.close();
  });

  it('migrates a schema-3 workspace (snapshot + journal, payloads inline): same records, undo of older edits works', async () => {
    await cp(join(__dirname, '../../fixtures/store/v3-workspace'), dir, { recursive: true });
    const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as { jobId: number; counts: unknown; records: RecordDetail[] };
    const opened = await openWorkspaceStore(path, 'test writer');
    const { store } = opened;
    assert.equal(schemaVersion(store.db), STORE_SCHEMA_VERSION);
    assert.equal(inlineRows(store.db), 0, 'every payload moved to a segment');
    assert.equal(store.db.exec('PRAGMA freelist_count')[0].values[0][0], 0, 'the space they took was given back (VACUUM)');
    assert.deepEqual(store.statusCounts(expected.jobId), expected.counts);
    assert.deepEqual(
      expected.records.map((r) => store.getRecord(r.id)),
      expected.records,
    );
    // The last actions were made before the upgrade: reject record 5, edit record 3 (in the journal), edit record 1.
    const original3 = expected.records.find((r) => r.id === 3)?.originalOutput;
    const original1 = expected.records.find((r) => r.id === 1)?.originalOutput;
    assert.deepEqual((await store.undoLastAction(expected.jobId))?.recordIds, [5]);
    assert.deepEqual((await store.undoLastAction(expected.jobId))?.recordIds, [3]);
    assert.deepEqual(store.getRecord(3)?.output, original3);
    assert.equal(store.getRecord(3)?.edited, false);
    assert.deepEqual((await store.undoLastAction(expected.jobId))?.recordIds, [1]);
    assert.deepEqual((await store.undoLastAction(expected.jobId))?.recordIds, [1, 2]);
    assert.deepEqual(store.getRecord(1)?.output, original1);
    assert.deepEqual(store.getRecord(1)?.trace, expected.records.find((r) => r.id === 1)?.trace);
    await opened.close();
    // The snapshot was rewritten without the inline payloads, and a reopen finds nothing left to move.
    const again = await openWorkspaceStore(path, 'test writer');
    assert.equal(inlineRows(again.store.db), 0);
    assert.deepEqual(again.store.getRecord(1)?.output, original1);
    await again.close();
  });
});
