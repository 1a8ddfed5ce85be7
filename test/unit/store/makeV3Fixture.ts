/*
 * Writes test/fixtures/store/v3-workspace: a workspace database as schema version 3 (payloads inline in sql.js)
 * left it, with a snapshot and journal lines after it (a crash before the next snapshot), plus what the store of
 * that version read back from it (expected.json). It was run once, with the code of commit ca80b8d, before
 * payloads moved to segment files: the migration test opens these files with the current code.
 * Run: npx tsx test/unit/store/makeV3Fixture.ts
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableDatabase } from '../../../src/core/store/durableDatabase';
import { STORE_MIGRATIONS } from '../../../src/core/store/migrations';
import { prepareStoreConnection } from '../../../src/core/store/schema';
import { applyStoreOp } from '../../../src/core/store/storeOps';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, result, steppingClock, writeAll } from './storeTestKit';

const OUT = join(__dirname, '../../fixtures/store/v3-workspace');

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dgf-v3-fixture-'));
  const path = join(dir, 'datagenflow.db');
  const { database } = await DurableDatabase.open<StoreOperation>({ path, migrations: STORE_MIGRATIONS, apply: applyStoreOp, prepareConnection: prepareStoreConnection, holder: 'fixture' });
  const store = new WorkspaceStore(database, { clock: steppingClock(), runnerAlive: () => false });
  const job = await store.createJob(newJob({ total: 10 }));
  await writeAll(store, job.id, [result(0, 0), result(0, 1), result(1, 0), result(1, 1, true), result(2, 0), result(2, 1)]);
  await store.setStatus([1, 2], 'accepted');
  await store.editRecord(1, { answer: 'edited before the snapshot' });
  await store.editRecord(2, { answer: 'edit undone' });
  await store.undoLastAction(job.id);
  await store.finishJob(job.id, { status: 'stopped', usage: { input_tokens: 1, output_tokens: 2, cached_tokens: 0 }, elapsedMs: 1000, total: 10 });
  await database.snapshot();
  // In the journal only: a resumed run's records, an edit and a decision after the snapshot.
  await store.reopenJob(job.id);
  await writeAll(store, job.id, [result(3, 0), result(3, 1), result(1, 1), result(4, 0, true)]);
  await store.editRecord(3, { answer: 'edited after the snapshot', extra: 'new field' });
  await store.setStatus([5], 'rejected');
  await mkdir(OUT, { recursive: true });
  await copyFile(path, join(OUT, 'datagenflow.db'));
  await copyFile(`${path}-journal.jsonl`, join(OUT, 'datagenflow.db-journal.jsonl'));
  const ids = store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 100 }).map((r) => r.id);
  const expected = {
    jobId: job.id,
    counts: store.statusCounts(job.id),
    records: ids.map((id) => store.getRecord(id)),
    lastUndoable: store.pageRecords(job.id, { order: 'newest', offset: 0, limit: 3 }).map((r) => r.id),
  };
  await writeFile(join(OUT, 'expected.json'), `${JSON.stringify(expected, null, 1)}\n`);
  await database.close();
  await rm(dir, { recursive: true, force: true });
}

void main();
