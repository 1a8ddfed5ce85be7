import assert from 'node:assert/strict';
import type { BindParams, Database } from 'sql.js';
import { cachedStatement, oneRow, runOne } from '../../../src/core/store/sqlRows';
import { loadSqlJs } from '../../../src/core/store/sqlJs';

async function itemsDb(): Promise<Database> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
  return db;
}

/** Counts db.prepare calls made by `fn`. */
function prepares(db: Database, fn: () => void): number {
  let count = 0;
  const prepare = db.prepare.bind(db);
  db.prepare = (sql: string, params?: BindParams) => {
    count++;
    return prepare(sql, params);
  };
  try {
    fn();
  } finally {
    db.prepare = prepare;
  }
  return count;
}

describe('sqlRows: cached statements', () => {
  it('prepares a statement once per database and SQL text, and answers each call with its own parameters', async () => {
    const db = await itemsDb();
    const count = prepares(db, () => {
      for (let id = 1; id <= 50; id++) runOne(db, 'INSERT INTO items (id, name) VALUES (?, ?)', [id, `item ${id}`]);
      for (let id = 1; id <= 50; id++) assert.equal(oneRow(db, 'SELECT name FROM items WHERE id = ?', [id])?.name, `item ${id}`);
      assert.equal(oneRow(db, 'SELECT name FROM items WHERE id = ?', [999]), undefined);
    });
    assert.equal(count, 2);
    const other = await itemsDb();
    assert.equal(oneRow(other, 'SELECT name FROM items WHERE id = ?', [1]), undefined, 'another database has its own statements');
    db.close();
    other.close();
  });

  it('leaves no statement active: transactions commit and roll back after a read that stopped at its first row', async () => {
    const db = await itemsDb();
    runOne(db, 'INSERT INTO items (id, name) VALUES (?, ?)', [1, 'a']);
    runOne(db, 'INSERT INTO items (id, name) VALUES (?, ?)', [2, 'b']);
    db.run('BEGIN');
    assert.equal(oneRow(db, 'SELECT name FROM items ORDER BY id')?.name, 'a');
    runOne(db, 'INSERT INTO items (id, name) VALUES (?, ?)', [3, 'c']);
    db.run('ROLLBACK');
    assert.equal(oneRow(db, 'SELECT count(*) AS n FROM items')?.n, 2);
    db.run('BEGIN');
    assert.equal(oneRow(db, 'SELECT name FROM items ORDER BY id')?.name, 'a');
    runOne(db, 'INSERT INTO items (id, name) VALUES (?, ?)', [3, 'c']);
    db.run('COMMIT');
    assert.equal(oneRow(db, 'SELECT count(*) AS n FROM items')?.n, 3);
    db.close();
  });

  it('a statement that failed (constraint) runs again with new parameters', async () => {
    const db = await itemsDb();
    const insert = 'INSERT INTO items (id, name) VALUES (?, ?)';
    runOne(db, insert, [1, 'a']);
    assert.throws(() => runOne(db, insert, [2, 'a']), /UNIQUE/);
    assert.equal(runOne(db, insert, [2, 'b']), 1);
    assert.deepEqual(db.exec('SELECT name FROM items ORDER BY id')[0]?.values, [['a'], ['b']]);
    db.close();
  });

  it('keeps statements valid across export() and frees the oldest beyond 64 texts', async () => {
    const db = await itemsDb();
    runOne(db, 'INSERT INTO items (id, name) VALUES (?, ?)', [1, 'a']);
    const first = cachedStatement(db, 'SELECT name FROM items WHERE id = ?');
    db.export();
    assert.equal(oneRow(db, 'SELECT name FROM items WHERE id = ?', [1])?.name, 'a');
    assert.equal(cachedStatement(db, 'SELECT name FROM items WHERE id = ?'), first);
    for (let n = 0; n < 64; n++) oneRow(db, `SELECT ${n} AS n`);
    assert.notEqual(cachedStatement(db, 'SELECT name FROM items WHERE id = ?'), first, 'evicted, prepared anew');
    assert.throws(() => first.bind([1]), /closed/, 'the evicted statement was freed');
    assert.equal(oneRow(db, 'SELECT name FROM items WHERE id = ?', [1])?.name, 'a');
    db.close();
  });
});
