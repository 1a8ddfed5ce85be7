// Histograms of the numeric block outputs of a job (scores, lengths, ratings), computed in SQLite over the whole job
// so the webview gets a few bins, never the records.
import type { Database } from 'sql.js';
import type { ReviewChart } from '../../shared/reviewProtocol';
import { blockOutputs } from '../store/exportJsonl';
import { allRows, num, oneRow } from '../store/sqlRows';
import type { RecordSummary } from '../store/storeTypes';

/** Charts per job at most: the header has room for a few. */
export const MAX_CHARTS = 4;
const MAX_DEPTH = 3;
const CONTINUOUS_BINS = 10;
/** Integer fields spanning at most this many values get one bar per value (1–5 ratings). */
const MAX_INTEGER_BARS = 20;

/** Dotted paths of numeric leaves of the sample's block outputs (objects walked a few levels deep). */
export function numericFields(sample: readonly RecordSummary[]): string[][] {
  const found = new Map<string, string[]>();
  const walk = (value: unknown, path: string[]) => {
    if (typeof value === 'number' && Number.isFinite(value)) found.set(JSON.stringify(path), path);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && path.length < MAX_DEPTH) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    }
  };
  for (const r of sample) if (r.output) for (const [k, v] of Object.entries(blockOutputs(r.output, r.metadata))) walk(v, [k]);
  return [...found.values()].slice(0, MAX_CHARTS);
}

/** SQLite JSON path with every key quoted (keys may hold dots or spaces). */
function jsonPath(path: readonly string[]): string {
  return `$${path.map((k) => `."${k.replace(/"/g, '""')}"`).join('')}`;
}

export function fieldChart(db: Database, jobId: number, path: readonly string[]): ReviewChart | undefined {
  const values = `SELECT json_extract(output, ?) AS v FROM records WHERE job_id = ? AND status != 'failed'`;
  const params = [jsonPath(path), jobId];
  const stats = oneRow(
    db,
    `SELECT COUNT(v) AS n, MIN(v) AS lo, MAX(v) AS hi, AVG(v) AS mean, SUM(v != CAST(v AS INTEGER)) AS fractional
     FROM (${values}) WHERE typeof(v) IN ('integer', 'real')`,
    params,
  );
  const count = num(stats?.n);
  if (!stats || count === 0) return undefined;
  const min = num(stats.lo);
  const max = num(stats.hi);
  const field = path.join('.');
  const base = { field, count, min, max, mean: num(stats.mean) };
  if (num(stats.fractional) === 0 && max - min < MAX_INTEGER_BARS) {
    const counts = new Map<number, number>();
    for (const row of allRows(db, `SELECT v, COUNT(*) AS n FROM (${values}) WHERE typeof(v) IN ('integer', 'real') GROUP BY v`, params)) counts.set(num(row.v), num(row.n));
    const bins = [];
    for (let v = min; v <= max; v++) bins.push({ from: v, to: v, count: counts.get(v) ?? 0, label: String(v) });
    return { ...base, bins };
  }
  const width = (max - min) / CONTINUOUS_BINS || 1;
  const counts = new Array<number>(CONTINUOUS_BINS).fill(0);
  const rows = allRows(
    db,
    `SELECT MIN(CAST((v - ?) / ? AS INTEGER), ?) AS b, COUNT(*) AS n FROM (${values}) WHERE typeof(v) IN ('integer', 'real') GROUP BY b`,
    [min, width, CONTINUOUS_BINS - 1, ...params],
  );
  for (const row of rows) counts[Math.max(0, num(row.b))] += num(row.n);
  const bins = counts.map((n, i) => {
    const from = min + i * width;
    return { from, to: from + width, count: n, label: `${round(from)}–${round(from + width)}` };
  });
  return { ...base, bins };
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Number(n.toPrecision(3)).toString();
}
