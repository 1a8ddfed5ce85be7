import type { BindParams, Database, SqlValue, Statement } from 'sql.js';

export type Row = Record<string, SqlValue>;

/*
 * `oneRow` and `runEach` reuse a prepared statement per (database, SQL text): the store runs the same few statements
 * for every record it writes, and preparing one costs more than running it (~14 µs of ~23 µs for a keyed lookup).
 * A cached statement is reset after each use, so none stays active between calls (no open read, nothing in the way of
 * COMMIT or ROLLBACK). The cache belongs to the Database object: a read-only view that reloads gets a new one, and
 * closing a database frees its statements with it. `export()` (sql.js 1.16: an online backup) leaves them valid.
 * `eachRow` and `eachValue` prepare their own statement, since their callbacks may run other queries.
 */
const MAX_CACHED_STATEMENTS = 64;
const statementCaches = new WeakMap<Database, Map<string, Statement>>();

/** The cached statement for `sql` on `db`, prepared on first use; the oldest is freed beyond MAX_CACHED_STATEMENTS. */
export function cachedStatement(db: Database, sql: string): Statement {
  let cache = statementCaches.get(db);
  if (!cache) {
    cache = new Map();
    statementCaches.set(db, cache);
  }
  const cached = cache.get(sql);
  if (cached) return cached;
  if (cache.size >= MAX_CACHED_STATEMENTS) {
    for (const [oldestSql, oldest] of cache) {
      cache.delete(oldestSql);
      oldest.free();
      break;
    }
  }
  const stmt = db.prepare(sql);
  cache.set(sql, stmt);
  return stmt;
}

/** Every row of a query that is bounded by construction (LIMIT, or a small table). */
export function allRows(db: Database, sql: string, params: BindParams = []): Row[] {
  const rows: Row[] = [];
  eachRow(db, sql, params, (row) => rows.push(row));
  return rows;
}

export function oneRow(db: Database, sql: string, params: BindParams = []): Row | undefined {
  const stmt = cachedStatement(db, sql);
  try {
    stmt.bind(params);
    return stmt.step() ? stmt.getAsObject() : undefined;
  } finally {
    stmt.reset();
  }
}

/** Streams rows to `fn` without collecting them. */
export function eachRow(db: Database, sql: string, params: BindParams, fn: (row: Row) => void): void {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    while (stmt.step()) fn(stmt.getAsObject());
  } finally {
    stmt.free();
  }
}

/** Streams the first column of each row: no per-row object, for long single-column reads (unit keys). */
export function eachValue(db: Database, sql: string, params: BindParams, fn: (value: SqlValue) => void): void {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    while (stmt.step()) fn(stmt.get()[0]);
  } finally {
    stmt.free();
  }
}

/** Runs one statement per parameter set (the statement cached, see cachedStatement). Returns the rows changed. */
export function runEach(db: Database, sql: string, paramSets: Iterable<BindParams>): number {
  const stmt = cachedStatement(db, sql);
  let changed = 0;
  try {
    for (const params of paramSets) {
      stmt.run(params);
      changed += db.getRowsModified();
    }
  } finally {
    stmt.reset();
  }
  return changed;
}

export function runOne(db: Database, sql: string, params: BindParams = []): number {
  return runEach(db, sql, [params]);
}

export function num(value: SqlValue | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function str(value: SqlValue | undefined): string {
  return typeof value === 'string' ? value : String(value ?? '');
}

export function strOrNull(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Columns holding JSON we wrote ourselves; null stays null. */
export function json<T>(value: SqlValue | undefined): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : null;
}
