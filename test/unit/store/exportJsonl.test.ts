import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '../../../src/core/errors';
import { exportJsonl } from '../../../src/core/store/exportJsonl';
import { ExportTargetError } from '../../../src/core/store/exportTarget';
import { ExportError, StoreNotFoundError } from '../../../src/core/store/storeErrors';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openStore, result, writeAll } from './storeTestKit';

const EXPECTED = join(__dirname, '../../fixtures/store/export-expected.jsonl');

/**
 * Job 1: s1.r0 (id 1, accepted then edited), s0.r1 (id 2, failed), s0.r0 (id 3, pending). Job 2 holds one
 * record that must never appear in job 1's export.
 */
async function exportedJob(): Promise<WorkspaceStore> {
  const { store } = await openStore();
  const { id } = await store.createJob(newJob());
  await writeAll(store, id, [result(1, 0), result(0, 1, true), result(0, 0)]);
  await store.setStatus([1], 'accepted');
  await store.editRecord(1, { answer: 'Édité — "mieux"\nsur deux lignes' });
  const other = await store.createJob(newJob());
  await writeAll(store, other.id, [result(0, 0)]);
  return store;
}

describe('exportJsonl', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dgf-export-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the hand-written expected file: unit order, block outputs only, edits, no failed executions', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'exports', 'qa-job1-all.jsonl');
    assert.deepEqual(await exportJsonl(store, { jobId: 1, outPath }), { count: 2, path: outPath });
    assert.equal(await readFile(outPath, 'utf8'), await readFile(EXPECTED, 'utf8'));
  });

  it('exports one status when asked, from a database as well as from a store', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'accepted.jsonl');
    assert.equal((await exportJsonl(store.db, { jobId: 1, status: 'accepted', outPath })).count, 1);
    const lines = (await readFile(outPath, 'utf8')).split('\n');
    assert.equal(lines.length, 2);
    assert.equal(lines[1], '');
    assert.deepEqual(Object.keys(JSON.parse(lines[0])), ['id', 'metadata', 'status', 'accumulated_state', 'created_at', 'updated_at']);
    assert.equal(JSON.parse(lines[0]).id, 1);
  });

  it('exports failed executions only when asked, with their error', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'failed.jsonl');
    await exportJsonl(store, { jobId: 1, status: 'failed', outPath });
    const [line] = (await readFile(outPath, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(line.id, 2);
    assert.equal(line.status, 'failed');
    assert.equal(line.accumulated_state, null);
    assert.match(String(line.error), /HTTP 500 for s0.r1/);
  });

  it('writes an empty file when nothing matches', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'rejected.jsonl');
    assert.equal((await exportJsonl(store, { jobId: 1, status: 'rejected', outPath })).count, 0);
    assert.equal(await readFile(outPath, 'utf8'), '');
  });

  it('reads in batches by keyset without losing or repeating a record', async () => {
    const { store } = await openStore();
    const { id } = await store.createJob(newJob());
    const units = [[3, 1], [0, 0], [2, 0], [0, 1], [1, 0], [3, 0], [1, 1]] as const;
    await writeAll(store, id, units.map(([s, r]) => result(s, r)));
    const outPath = join(dir, 'batched.jsonl');
    const progress: number[] = [];
    assert.equal((await exportJsonl(store, { jobId: id, outPath, batchSize: 2, onProgress: (n) => progress.push(n) })).count, 7);
    const keys = (await readFile(outPath, 'utf8')).trimEnd().split('\n').map((l) => (JSON.parse(l) as { accumulated_state: { question: string } }).accumulated_state.question);
    assert.deepEqual(keys, ['Q s0.r0', 'Q s0.r1', 'Q s1.r0', 'Q s1.r1', 'Q s2.r0', 'Q s3.r0', 'Q s3.r1']);
    assert.deepEqual(progress, [2, 4, 6, 7]);
  });

  it('leaves no file and no temporary file when the export fails midway, and keeps an older file intact', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'cancelled.jsonl');
    const previous = `${JSON.stringify({ id: 1, metadata: {}, status: 'pending', accumulated_state: {}, created_at: 'x', updated_at: 'x' })}\n`;
    await writeFile(outPath, previous);
    const controller = new AbortController();
    let tmpSeen = false;
    const stopAfterFirstLine = () => {
      tmpSeen = existsSync(`${outPath}.tmp-${process.pid}`);
      controller.abort();
    };
    await assert.rejects(exportJsonl(store, { jobId: 1, outPath, batchSize: 1, signal: controller.signal, onProgress: stopAfterFirstLine }), CancelledError);
    assert.ok(tmpSeen, 'the half-written export went to the temporary file');
    assert.equal(await readFile(outPath, 'utf8'), previous);
    assert.deepEqual(await readdir(dir), ['cancelled.jsonl']);
  });

  it('refuses a folder as the target before writing anything, and says where', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'taken');
    await mkdir(join(outPath, 'not-empty'), { recursive: true });
    await assert.rejects(exportJsonl(store, { jobId: 1, outPath, overwrite: 'any' }), (e: unknown) => e instanceof ExportTargetError && e.message.includes(outPath) && /is a folder/.test(e.message));
    assert.deepEqual(await readdir(dir), ['taken']);
  });

  it('says where when the file cannot be written, and leaves nothing behind', async () => {
    const store = await exportedJob();
    await writeFile(join(dir, 'a-file'), 'x');
    const outPath = join(dir, 'a-file', 'out.jsonl');
    await assert.rejects(exportJsonl(store, { jobId: 1, outPath }), (e: unknown) => e instanceof ExportError && e.message.includes(outPath) && /Nothing was written there/.test(e.message));
    assert.deepEqual(await readdir(dir), ['a-file']);
  });

  it('never writes over the database, its journal or lock, even when any file may be replaced', async () => {
    const store = await exportedJob();
    const database = join(dir, 'work.db');
    for (const file of [database, `${database}-journal.jsonl`, `${database}.lock`]) {
      await writeFile(file, 'precious');
      await assert.rejects(exportJsonl(store, { jobId: 1, outPath: file, databases: [database], overwrite: 'any' }), (e: unknown) => e instanceof ExportTargetError && e.reason === 'database');
      assert.equal(await readFile(file, 'utf8'), 'precious');
    }
  });

  it('replaces an empty file or an earlier export, and refuses any other file unless told it may', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'target.jsonl');
    await writeFile(outPath, '');
    await exportJsonl(store, { jobId: 1, outPath });
    await exportJsonl(store, { jobId: 1, outPath });
    await writeFile(outPath, '[{"repetitions": 1, "metadata": {}}]\n');
    await assert.rejects(exportJsonl(store, { jobId: 1, outPath }), (e: unknown) => e instanceof ExportTargetError && e.reason === 'not-an-export');
    assert.equal(await readFile(outPath, 'utf8'), '[{"repetitions": 1, "metadata": {}}]\n');
    const forced = await exportJsonl(store, { jobId: 1, outPath, overwrite: 'any' });
    assert.ok(forced.count > 0);
  });

  it('refuses an unknown job before creating anything', async () => {
    const store = await exportedJob();
    const outPath = join(dir, 'none.jsonl');
    await assert.rejects(exportJsonl(store, { jobId: 9, outPath }), StoreNotFoundError);
    assert.deepEqual(await readdir(dir), []);
  });
});
