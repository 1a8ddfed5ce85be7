import type { BindParams, Database, SqlValue } from 'sql.js';

export type Row = Record<string, SqlValue>;

/*
 * Statements are prepared per call and freed at once: preparing costs microseconds, and a cache of prepared
 * statements would have to survive the durable store exporting or reopening the database under it.
 */

/** Every row of a query that is bounded by construction (LIMIT, or a small table). */
export function allRows(db: Database, sql: string, params: BindParams = []): Row[] {
  const rows: Row[] = [];
  eachRow(db, sql, params, (row) => rows.push(row));
  return rows;
}

export function oneRow(db: Database, sql: string, params: BindParams = []): Row | undefined {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    return stmt.step() ? stmt.getAsObject() : undefined;
  } finally {
    stmt.free();
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

/** Runs one statement per parameter set, prepared once. Returns the rows changed. */
export function runEach(db: Database, sql: string, paramSets: Iterable<BindParams>): number {
  const stmt = db.prepare(sql);
  let changed = 0;
  try {
    for (const params of paramSets) {
      stmt.run(params);
      changed += db.getRowsModified();
    }
  } finally {
    stmt.free();
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
