import assert from 'node:assert/strict';
import type { BindParams, Database } from 'sql.js';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import type { PageQuery, RecordFilter } from '../../../src/core/store/storeTypes';
import { openStore, result, writeAll } from './storeTestKit';

/*
 * Nine units of three seeds, stored in a scrambled completion order (as concurrent runs do). Record ids follow
 * that order: id 1 = s2.r0 … id 9 = s1.r1. s1.r2 failed.
 */
const COMPLETION = [[2, 0], [0, 1], [1, 2], [0, 0], [2, 2], [1, 0], [0, 2], [2, 1], [1, 1]] as const;
const UNIT_ORDER_IDS = [4, 2, 7, 6, 9, 3, 1, 8, 5];

async function scrambledJob(): Promise<{ store: WorkspaceStore; jobId: number }> {
  const { store } = await openStore();
  const { id } = await store.createJob(newJobForQueries());
  await writeAll(store, id, COMPLETION.map(([s, r]) => result(s, r, s === 1 && r === 2)));
  await store.setStatus([4, 6], 'accepted');
  await store.setStatus([2], 'rejected');
  return { store, jobId: id };
}

function newJobForQueries() {
  return { pipelinePath: 'p', pipelineName: 'P', pipelineSnapshot: { version: 1, name: 'P', blocks: [], edges: [] }, pipelineHash: 'h', seedsPath: null, seedsHash: null, modelSettings: {} };
}

const ids = (store: WorkspaceStore, jobId: number, q: Partial<PageQuery>) => store.pageRecords(jobId, { order: 'newest', offset: 0, limit: 50, ...q }).map((r) => r.id);

/** Follows neighbors from `start` until the end; the walk a user does with N or P. */
function walk(store: WorkspaceStore, start: number, filter: RecordFilter, direction: 'next' | 'previous'): number[] {
  const seen: number[] = [];
  for (let id = store.neighbor(start, filter, direction); id !== undefined; id = store.neighbor(id, filter, direction)) seen.push(id);
  return seen;
}

describe('record queries', () => {
  it('pages newest first and in unit order, with offset and limit', async () => {
    const { store, jobId } = await scrambledJob();
    assert.deepEqual(ids(store, jobId, {}), [9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(ids(store, jobId, { order: 'unit' }), UNIT_ORDER_IDS);
    assert.deepEqual(store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 9 }).map((r) => r.unitKey), ['s0.r0', 's0.r1', 's0.r2', 's1.r0', 's1.r1', 's1.r2', 's2.r0', 's2.r1', 's2.r2']);
    assert.deepEqual(ids(store, jobId, { offset: 3, limit: 2 }), [6, 5]);
    assert.deepEqual(ids(store, jobId, { order: 'unit', offset: 7, limit: 5 }), [8, 5]);
    assert.deepEqual(ids(store, jobId, { offset: 9 }), []);
    assert.deepEqual(ids(store, jobId, { limit: 0 }), []);
  });

  it('continues a page after a cursor exactly as the offset would', async () => {
    const { store, jobId } = await scrambledJob();
    for (const order of ['newest', 'unit'] as const) {
      const all = ids(store, jobId, { order });
      const pages: number[] = [];
      let after: number | undefined;
      for (;;) {
        const page = ids(store, jobId, { order, limit: 2, ...(after === undefined ? {} : { after }) });
        if (page.length === 0) break;
        pages.push(...page);
        after = page[page.length - 1];
      }
      assert.deepEqual(pages, all, order);
      assert.deepEqual(ids(store, jobId, { order, after: all[2], offset: 1, limit: 2 }), all.slice(4, 6));
    }
  });

  it('filters by status in both orders', async () => {
    const { store, jobId } = await scrambledJob();
    assert.deepEqual(ids(store, jobId, { status: 'pending' }), [9, 8, 7, 5, 1]);
    assert.deepEqual(ids(store, jobId, { status: 'pending', order: 'unit' }), [7, 9, 1, 8, 5]);
    assert.deepEqual(ids(store, jobId, { status: 'accepted', order: 'unit' }), [4, 6]);
    assert.deepEqual(ids(store, jobId, { status: 'failed' }), [3]);
    assert.deepEqual(ids(store, jobId, { status: 'rejected', offset: 1 }), []);
  });

  it('returns summaries without traces', async () => {
    const { store, jobId } = await scrambledJob();
    const [first] = store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 1 });
    assert.deepEqual(first, {
      id: 4,
      jobId,
      unitKey: 's0.r0',
      seedIndex: 0,
      status: 'accepted',
      edited: false,
      output: { topic: 'topic 0', question: 'Q s0.r0', answer: 'A s0.r0', _raw: 'internal' },
      metadata: { topic: 'topic 0' },
      error: null,
      createdAt: '2026-01-01T00:00:04.000Z',
      updatedAt: '2026-01-01T00:00:10.000Z',
    });
  });

  it('reads one record with its trace decompressed', async () => {
    const { store } = await scrambledJob();
    const record = store.getRecord(3);
    assert.equal(record?.unitKey, 's1.r2');
    assert.deepEqual(record?.trace, result(1, 2, true).trace);
    assert.deepEqual(record?.usage, { input_tokens: 10, output_tokens: 5, cached_tokens: 1 });
    assert.equal(record?.durationMs, 42);
    assert.equal(record?.originalOutput, null);
    assert.equal(store.getRecord(404), undefined);
  });

  it('counts records per status', async () => {
    const { store, jobId } = await scrambledJob();
    assert.deepEqual(store.statusCounts(jobId), { pending: 5, accepted: 2, rejected: 1, failed: 1, total: 9 });
    assert.deepEqual(store.statusCounts(77), { pending: 0, accepted: 0, rejected: 0, failed: 0, total: 0 });
  });

  it('finds next and previous records, stopping at both ends', async () => {
    const { store } = await scrambledJob();
    assert.deepEqual(walk(store, 9, { order: 'newest' }, 'next'), [8, 7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(walk(store, 1, { order: 'newest' }, 'previous'), [2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(store.neighbor(9, { order: 'newest' }, 'previous'), undefined);
    assert.deepEqual(walk(store, 4, { order: 'unit' }, 'next'), UNIT_ORDER_IDS.slice(1));
    assert.deepEqual(walk(store, 5, { order: 'unit' }, 'previous'), UNIT_ORDER_IDS.slice(0, -1).reverse());
    assert.equal(store.neighbor(4, { order: 'unit' }, 'previous'), undefined);
    assert.equal(store.neighbor(5, { order: 'unit' }, 'next'), undefined);
    assert.equal(store.neighbor(404, { order: 'unit' }, 'next'), undefined);
  });

  it('finds neighbors under a status filter, also from a record that just left the filter', async () => {
    const { store, jobId } = await scrambledJob();
    const pending = { status: 'pending', order: 'unit' } as const;
    assert.deepEqual(walk(store, 7, pending, 'next'), [9, 1, 8, 5]);
    assert.equal(store.neighbor(7, pending, 'previous'), undefined);
    assert.equal(store.neighbor(5, pending, 'next'), undefined);
    // Accepting the record on screen while viewing Pending: N goes on from where it was.
    await store.setStatus([9], 'accepted');
    assert.equal(store.neighbor(9, pending, 'next'), 1);
    assert.equal(store.neighbor(9, pending, 'previous'), 7);
    assert.deepEqual(walk(store, 9, { status: 'pending', order: 'newest' }, 'next'), [8, 7, 5, 1]);
    assert.equal(store.statusCounts(jobId).pending, 4);
  });

  it('answers every page, count and neighbor through an index, never a scan of the records table', async () => {
    const { store, jobId } = await scrambledJob();
    const plans = capturePlans(store.db, () => {
      for (const order of ['newest', 'unit'] as const) {
        for (const status of [undefined, 'pending'] as const) {
          const filter = { order, ...(status ? { status } : {}) };
          store.pageRecords(jobId, { ...filter, offset: 5, limit: 2 });
          store.pageRecords(jobId, { ...filter, offset: 0, limit: 2, after: 4 });
          store.neighbor(4, filter, 'next');
          store.neighbor(4, filter, 'previous');
        }
      }
      store.statusCounts(jobId);
    });
    // Statements are cached per database (sqlRows): each distinct query is prepared, and so captured, once.
    assert.ok(plans.length >= 19);
    assert.equal(new Set(plans.map((p) => p.sql)).size, plans.length);
    for (const { sql, plan } of plans) {
      assert.ok(!plan.some((line) => /\bSCAN records\b/.test(line)), `full scan in ${sql}: ${plan.join(' | ')}`);
    }
  });
});

/** Runs `fn`, then EXPLAINs every statement it prepared (parameters bound to 1: plans do not depend on values). */
function capturePlans(db: Database, fn: () => void): { sql: string; plan: string[] }[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string, params?: BindParams) => {
    seen.push(sql);
    return prepare(sql, params);
  };
  try {
    fn();
  } finally {
    db.prepare = prepare;
  }
  return seen.map((sql) => {
    const params = Array.from(sql.matchAll(/\?/g), () => 1);
    const rows = db.exec(`EXPLAIN QUERY PLAN ${sql}`, params)[0]?.values ?? [];
    return { sql, plan: rows.map((row) => String(row[3])) };
  });
}
