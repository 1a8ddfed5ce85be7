// Histograms of the numeric block outputs of a job (scores, lengths, ratings), computed over the whole job in the
// host so the webview gets a few bins, never the records. The scan reads keyset batches and yields between them:
// at 100k records it takes a second or two, and the extension host must keep answering keys meanwhile.
import type { Database } from 'sql.js';
import { PAYLOAD_COLUMNS, rowPayloads, type PayloadReader } from '../store/payload/rowPayload';
import { allRows, num } from '../store/sqlRows';
import type { ReviewChart } from './reviewTypes';
import { blockOutputs } from '../records/blockOutputs';
import type { RecordSummary } from '../store/storeTypes';

/** Charts per job at most: the header has room for a few. */
const MAX_CHARTS = 4;
const MAX_DEPTH = 3;
const CONTINUOUS_BINS = 10;
/** Integer fields spanning at most this many values get one bar per value (1–5 ratings). */
const MAX_INTEGER_BARS = 20;
const BATCH = 2000;

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

/**
 * One chart per path over the job's records (failed executions have no output). `db` is read again for each batch:
 * the store may swap its database object between batches. Outputs are read from the records' payloads (segment
 * files through `payloads`, or the row for payloads stored inline).
 */
export async function jobCharts(db: () => Database, jobId: number, paths: readonly string[][], payloads?: PayloadReader): Promise<ReviewChart[]> {
  if (paths.length === 0) return [];
  const values: number[][] = paths.map(() => []);
  let after = 0;
  for (;;) {
    const rows = allRows(db(), `SELECT id, ${PAYLOAD_COLUMNS} FROM records WHERE job_id = ? AND id > ? AND status != 'failed' ORDER BY id LIMIT ?`, [jobId, after, BATCH]);
    const stored = rowPayloads(rows, payloads);
    for (const [k, row] of rows.entries()) {
      after = num(row.id);
      const text = stored[k].output;
      if (text === null) continue;
      // Paths start at block output keys, which the stored output always holds (outputCodec leaves out metadata keys only).
      const output = JSON.parse(text) as unknown;
      paths.forEach((path, i) => {
        const v = valueAt(output, path);
        if (typeof v === 'number' && Number.isFinite(v)) values[i].push(v);
      });
    }
    if (rows.length < BATCH) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return paths.map((path, i) => histogram(path.join('.'), values[i])).filter((c): c is ReviewChart => c !== undefined);
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export function histogram(field: string, values: readonly number[]): ReviewChart | undefined {
  if (values.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let integers = true;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (integers && !Number.isInteger(v)) integers = false;
  }
  const base = { field, count: values.length, min, max, mean: sum / values.length };
  if (integers && max - min < MAX_INTEGER_BARS) {
    const counts = new Array<number>(max - min + 1).fill(0);
    for (const v of values) counts[v - min]++;
    return { ...base, bins: counts.map((count, i) => ({ from: min + i, to: min + i, count, label: String(min + i) })) };
  }
  const width = (max - min) / CONTINUOUS_BINS || 1;
  const counts = new Array<number>(CONTINUOUS_BINS).fill(0);
  for (const v of values) counts[Math.min(CONTINUOUS_BINS - 1, Math.floor((v - min) / width))]++;
  return {
    ...base,
    bins: counts.map((count, i) => {
      const from = min + i * width;
      return { from, to: from + width, count, label: `${round(from)}–${round(from + width)}` };
    }),
  };
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Number(n.toPrecision(3)).toString();
}
