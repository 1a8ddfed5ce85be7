import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import type { JournalBatch } from '../../../../src/core/store/durable/journalFormat';
import { applyBatch, JournalReplay, REPLAY_BATCHES_PER_COMMIT } from '../../../../src/core/store/durable/journalReplay';
import type { ApplyOp } from '../../../../src/core/store/opLog';
import { loadSqlJs } from '../../../../src/core/store/sqlJs';
import { add, crashCopy, ids, openItems, tempDir, type ItemOp } from './itemsStore';

/*
 * Replay shares one transaction between consecutive batches (a savepoint each). Whatever happens inside, the result
 * must be the one of applying each batch in its own transaction, as live commits do: same rows, same skipped seqs.
 */

type Op =
  | { t: 'add'; id: number }
  | { t: 'boom' }
  /** Violates a UNIQUE constraint with ON CONFLICT ROLLBACK: SQLite itself ends the whole transaction. */
  | { t: 'dup' }
  /** A row whose parent does not exist, with a deferred foreign key: only COMMIT fails. */
  | { t: 'orphan'; id: number };

const apply: ApplyOp<Op> = (db, op) => {
  switch (op.t) {
    case 'add':
      db.run('INSERT INTO items (id) VALUES (?)', [op.id]);
      db.run('INSERT INTO parents (id) VALUES (?)', [op.id]);
      return;
    case 'boom':
      throw new Error('boom');
    case 'dup':
      db.run('INSERT OR ROLLBACK INTO once (k) VALUES (1)');
      db.run('INSERT OR ROLLBACK INTO once (k) VALUES (1)');
      return;
    case 'orphan':
      db.run('INSERT INTO children (parent) VALUES (?)', [op.id]);
      return;
  }
};

async function freshDb(): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('PRAGMA foreign_keys = ON');
  db.exec(`
    CREATE TABLE items (n INTEGER PRIMARY KEY, id INTEGER NOT NULL);
    CREATE TABLE parents (id INTEGER PRIMARY KEY);
    CREATE TABLE children (n INTEGER PRIMARY KEY, parent INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
    CREATE TABLE once (k INTEGER UNIQUE);
  `);
  return db;
}

function dump(db: Database): unknown {
  return ['items', 'parents', 'children', 'once'].map((t) => db.exec(`SELECT * FROM ${t} ORDER BY 1`)[0]?.values ?? []);
}

/** Batch i adds item i, except the ones named in `special`. */
function batches(count: number, special: Record<number, Op[]> = {}): JournalBatch[] {
  return Array.from({ length: count }, (_, i) => ({ seq: i + 1, ops: special[i + 1] ?? [{ t: 'add', id: i + 1 }] }));
}

async function oneTransactionEach(list: JournalBatch[]) {
  const db = await freshDb();
  const skipped: number[] = [];
  let replayed = 0;
  for (const batch of list) {
    if (applyBatch(db, batch, apply) === undefined) replayed += batch.ops.length;
    else skipped.push(batch.seq);
  }
  const state = { rows: dump(db), skipped, replayed };
  db.close();
  return state;
}

async function shared(list: JournalBatch[], perCommit?: number) {
  const db = await freshDb();
  const run = db.run.bind(db);
  let commits = 0;
  db.run = (sql, params) => {
    if (sql === 'COMMIT') commits++;
    return run(sql, params);
  };
  // The shared transaction's COMMIT is a prepared statement (sqlRows' cache): count its runs too.
  const prepare = db.prepare.bind(db);
  db.prepare = (sql, params) => {
    const stmt = prepare(sql, params);
    if (sql === 'COMMIT') {
      const runStatement = stmt.run.bind(stmt);
      stmt.run = (values) => {
        commits++;
        return runStatement(values);
      };
    }
    return stmt;
  };
  const replay = new JournalReplay(db, apply, perCommit);
  for (const batch of list) replay.add(batch);
  replay.finish();
  const state = { rows: dump(db), skipped: replay.skipped.map((s) => s.seq), replayed: replay.replayed };
  assert.equal(db.exec('SELECT count(*) FROM items')[0].values[0][0], (state.rows as unknown[][])[0].length, 'no transaction left open');
  db.close();
  return { state, commits, errors: replay.skipped.map((s) => s.error) };
}

describe('journal replay in shared transactions', () => {
  it('commits once per REPLAY_BATCHES_PER_COMMIT batches and at the end, with the rows of one transaction each', async () => {
    const list = batches(2 * REPLAY_BATCHES_PER_COMMIT + 10);
    const { state, commits } = await shared(list);
    assert.equal(commits, 3);
    assert.deepEqual(state, await oneTransactionEach(list));
    assert.equal(state.replayed, list.length);
  });

  it('rolls back only the batch whose apply throws, reports it in skipped, and goes on in the same transaction', async () => {
    // A batch that half applied before throwing, at the start, middle and end of a transaction of 4.
    const special: Record<number, Op[]> = { 1: [{ t: 'add', id: 100 }, { t: 'boom' }], 6: [{ t: 'boom' }], 8: [{ t: 'add', id: 800 }, { t: 'boom' }], 11: [{ t: 'boom' }] };
    const list = batches(11, special);
    const { state, commits, errors } = await shared(list, 4);
    assert.deepEqual(state, await oneTransactionEach(list));
    assert.deepEqual(state.skipped, [1, 6, 8, 11]);
    assert.ok(errors.every((e) => /boom/.test(e)));
    assert.equal(commits, 3, 'skipped batches did not end their transaction');
  });

  it('when SQLite ends the shared transaction itself, applies its batches again one transaction each', async () => {
    const list = batches(12, { 7: [{ t: 'add', id: 700 }, { t: 'dup' }] });
    const { state } = await shared(list, 5);
    assert.deepEqual(state, await oneTransactionEach(list));
    assert.deepEqual(state.skipped, [7]);
    assert.deepEqual((state.rows as number[][][])[0].map((row) => row[1]), [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12], 'batches 6 and 8 (same transaction) kept');
  });

  it('when the shared COMMIT fails (a deferred constraint), finds the failing batch by applying each alone', async () => {
    const list = batches(9, { 3: [{ t: 'orphan', id: 999 }], 4: [{ t: 'orphan', id: 2 }] });
    const { state } = await shared(list, 6);
    assert.deepEqual(state, await oneTransactionEach(list));
    assert.deepEqual(state.skipped, [3]);
  });

  it('a durable database replays a long journal with failing batches exactly as they were committed', async () => {
    const dir = await tempDir();
    try {
      const { database } = await openItems(join(dir, 'items.db'));
      const commits: Promise<void>[] = [];
      for (let i = 0; i < 3 * REPLAY_BATCHES_PER_COMMIT; i++) commits.push(database.commit(i % 97 === 5 ? [add(i), { t: 'boom' } as ItemOp] : [add(i)]));
      const settled = await Promise.allSettled(commits);
      const failedSeqs = settled.flatMap((s, i) => (s.status === 'rejected' ? [i + 1] : []));
      assert.equal(failedSeqs.length, 8);
      const reopened = await openItems(await crashCopy(dir));
      assert.deepEqual(ids(reopened.database.db), ids(database.db));
      assert.deepEqual(reopened.skipped.map((s) => s.seq), failedSeqs);
      assert.equal(reopened.replayed, 3 * REPLAY_BATCHES_PER_COMMIT - failedSeqs.length, 'ops of the batches applied');
      await reopened.database.close();
      await database.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
