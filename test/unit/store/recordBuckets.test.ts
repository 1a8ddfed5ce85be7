import assert from 'node:assert/strict';
import { mulberry32 } from '../../../src/core/blocks/seededRandom';
import type { Database } from 'sql.js';
import type { RecordOrder, RecordStatus } from '../../../src/core/store/storeTypes';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openStore, result, writeAll } from './storeTestKit';

/*
 * Counts and deep pages come from record_buckets (per-status counts per bucket of each order): they must say exactly
 * what counting the rows says, through adds in scrambled order, failures replaced by retries, decisions, undo, two
 * jobs side by side and a delete. Pages past the direct offset start from their bucket and must equal plain OFFSET.
 */

const SEEDS = 520;
const REPS = 5;

function countedRows(db: Database, jobId: number): Record<string, number> {
  const counts: Record<string, number> = { pending: 0, accepted: 0, rejected: 0, failed: 0, total: 0 };
  for (const [status, n] of db.exec('SELECT status, COUNT(*) FROM records WHERE job_id = ? GROUP BY status', [jobId])[0]?.values ?? []) {
    counts[String(status)] = Number(n);
    counts.total += Number(n);
  }
  return counts;
}

function offsetPage(db: Database, jobId: number, order: RecordOrder, status: RecordStatus | undefined, offset: number): number[] {
  const orderSql = order === 'unit' ? 'seed_index, unit_index, id' : 'id DESC';
  const where = status ? 'job_id = ? AND status = ?' : 'job_id = ?';
  const params = status ? [jobId, status] : [jobId];
  return (db.exec(`SELECT id FROM records WHERE ${where} ORDER BY ${orderSql} LIMIT 50 OFFSET ?`, [...params, offset])[0]?.values ?? []).map((r) => Number(r[0]));
}

function assertConsistent(store: WorkspaceStore, jobId: number): void {
  assert.deepEqual(store.statusCounts(jobId), countedRows(store.db, jobId));
  const counts = store.statusCounts(jobId);
  for (const order of ['unit', 'newest'] as const) {
    for (const status of [undefined, 'pending', 'accepted', 'failed'] as const) {
      const total = status ? counts[status] : counts.total;
      for (const offset of [2001, Math.floor(total * 0.77), total - 20, total + 5]) {
        if (offset < 2001) continue;
        const page = store.pageRecords(jobId, { order, offset, limit: 50, ...(status ? { status } : {}) }).map((r) => r.id);
        assert.deepEqual(page, offsetPage(store.db, jobId, order, status, offset), `${order} ${status ?? 'all'} at ${offset}`);
      }
    }
  }
}

describe('record buckets: counts and deep pages', function () {
  // 2,600 records through the store: a few seconds on a busy machine.
  this.timeout(60_000);

  it('agree with the rows through adds, retries, decisions, undo and a delete', async () => {
    const { store } = await openStore();
    const random = mulberry32(7);
    const units = Array.from({ length: SEEDS * REPS }, (_, n) => [Math.floor(n / REPS), n % REPS] as const).sort(() => random() - 0.5);
    const job = await store.createJob(newJob({ total: SEEDS * REPS }));
    const other = await store.createJob(newJob());
    await writeAll(store, other.id, [result(0, 0), result(0, 1, true)]);
    await writeAll(store, job.id, units.map(([s, r]) => result(s, r, (s + r) % 11 === 0)));
    assertConsistent(store, job.id);
    // A retry replaces failed records; decisions move records between statuses; undo moves them back.
    await writeAll(store, job.id, units.filter(([s, r]) => (s + r) % 22 === 0).map(([s, r]) => result(s, r)));
    const page = store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 1000 }).filter((r) => r.status !== 'failed').map((r) => r.id);
    await store.setStatus(page.slice(0, 600), 'accepted');
    await store.setStatus(page.slice(500, 900), 'rejected');
    await store.undoLastAction(job.id);
    await store.setStatus(page.slice(700, 1000), 'accepted');
    assertConsistent(store, job.id);
    assert.deepEqual(store.statusCounts(other.id), { pending: 1, accepted: 0, rejected: 0, failed: 1, total: 2 });
    await store.finishJob(other.id, { status: 'completed', usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 }, elapsedMs: 1, total: 2 });
    await store.deleteJob(other.id);
    assert.equal(store.db.exec('SELECT COUNT(*) FROM record_buckets WHERE job_id = ?', [other.id])[0].values[0][0], 0);
    assertConsistent(store, job.id);
  });
});
