import { textTokens } from '../plan/promptTokens';
import type { JobDetail, RecordSummary } from '../store/storeTypes';
import { jobRecordPages, PROGRESS_EVERY, type ReportSource } from './datasetReport';
import { outputDiffs } from './fieldDiff';
import { generatedFields, generatedKeys, type GeneratedFields } from './generatedFields';
import { CompareSeedsMismatchError, ReportJobNotFoundError } from './reportErrors';
import type { JobComparison, JobSide, ReportProgress, UnitComparison } from './reportTypes';
import { sampleOf, type ValueSample } from './valueSample';

export interface CompareOptions {
  /** The numeric field units are ranked on (a path as the report names it); default: the first both jobs have. */
  metric?: string;
  signal?: AbortSignal;
  /** Called every PROGRESS_EVERY records (of both jobs) and at the end. */
  onProgress?: (progress: ReportProgress) => void;
  /** Records per job whose text fields are tokenized for the length overlays (spread evenly). */
  tokenSample?: number;
}

const RANKED = 20;
const CHANGED = 50;
const MAX_METRICS = 50;
const TOKEN_SAMPLE = 1000;

/**
 * Two jobs of the same seed file, unit by unit. Both are read in unit order, one seed's records at a time from
 * each, and units are matched by key; memory holds one seed's units per job, the fixed-size samples of the
 * distributions and the ranked units (with both outputs, to diff them at the end).
 * Higher metric values count as better.
 */
export async function compareJobs(source: ReportSource, jobA: number, jobB: number, options: CompareOptions = {}): Promise<JobComparison> {
  const started = Date.now();
  const a = source.getJob(jobA);
  if (!a) throw new ReportJobNotFoundError(jobA);
  const b = source.getJob(jobB);
  if (!b) throw new ReportJobNotFoundError(jobB);
  checkSameSeeds(a, b);
  const totalA = source.statusCounts(jobA).total;
  const totalB = source.statusCounts(jobB).total;
  const stride = Math.max(1, Math.ceil(Math.max(totalA, totalB) / (options.tokenSample ?? TOKEN_SAMPLE)));
  const sides = { a: new SideTally(stride), b: new SideTally(stride) };
  const units = { both: 0, onlyA: 0, onlyB: 0, better: 0, worse: 0, same: 0, changed: 0 };
  let metric = options.metric;
  const ranked: Ranked[] = [];
  const changed: Ranked[] = [];
  const common = new Set<string>();
  const streamA = seedGroups(jobRecordPages(source, jobA, options.signal));
  const streamB = seedGroups(jobRecordPages(source, jobB, options.signal));
  let nextA = await streamA.next();
  let nextB = await streamB.next();
  let done = 0;
  let reported: number | undefined;
  const report = (n: number) => {
    reported = n;
    options.onProgress?.({ done: n, total: totalA + totalB });
  };
  while (!nextA.done || !nextB.done) {
    const seedA = nextA.done ? Infinity : nextA.value.seedIndex;
    const seedB = nextB.done ? Infinity : nextB.value.seedIndex;
    const seed = Math.min(seedA, seedB);
    const groupA = seedA === seed && !nextA.done ? nextA.value.records : new Map<string, RecordSummary>();
    const groupB = seedB === seed && !nextB.done ? nextB.value.records : new Map<string, RecordSummary>();
    // Each record's generated fields are read once: for its side's distributions and for the metric.
    const numbersA = sides.a.addAll(groupA);
    const numbersB = sides.b.addAll(groupB);
    for (const key of new Set([...groupA.keys(), ...groupB.keys()])) {
      const ra = groupA.get(key);
      const rb = groupB.get(key);
      if (!ra || !rb) {
        if (ra) units.onlyA++;
        else units.onlyB++;
        continue;
      }
      units.both++;
      const na = numbersA.get(key) ?? NO_NUMBERS;
      const nb = numbersB.get(key) ?? NO_NUMBERS;
      for (const field of na.keys()) if (nb.has(field) && common.size < MAX_METRICS) common.add(field);
      metric ??= [...na.keys()].find((f) => nb.has(f));
      const ma = metric === undefined ? undefined : na.get(metric);
      const mb = metric === undefined ? undefined : nb.get(metric);
      const unit: Ranked = { key, seedIndex: seed, a: ra, b: rb, ma, mb, delta: ma !== undefined && mb !== undefined ? mb - ma : undefined };
      if (unit.delta !== undefined) {
        if (unit.delta > 0) units.better++;
        else if (unit.delta < 0) units.worse++;
        else units.same++;
        if (unit.delta !== 0) keepRanked(ranked, unit);
      }
      if (textOf(ra) !== textOf(rb)) {
        units.changed++;
        if (changed.length < CHANGED) changed.push(unit);
      }
    }
    const before = done;
    done += groupA.size + groupB.size;
    // A seed at a time would be one progress message (a webview post, a terminal redraw) per seed.
    if (Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) report(done);
    if (seedA === seed) nextA = await streamA.next();
    if (seedB === seed) nextB = await streamB.next();
  }
  if (reported !== done) report(done);
  const top = topRanked(ranked);
  const sideA = sides.a.side(a);
  const sideB = sides.b.side(b);
  return {
    seedsPath: a.seedsPath,
    a: sideA,
    b: sideB,
    ...(metric !== undefined ? { metric } : {}),
    metrics: [...common].sort(),
    units,
    better: top.better.map(comparison),
    worse: top.worse.map(comparison),
    changed: changed.map(comparison),
    overlays: [...overlays(sides.a, sides.b)],
    elapsedMs: Date.now() - started,
  };
}

function checkSameSeeds(a: JobDetail, b: JobDetail): void {
  if (a.seedsPath !== b.seedsPath) {
    throw new CompareSeedsMismatchError(`Job ${a.id} ran over ${a.seedsPath ?? 'no seed file'} and job ${b.id} over ${b.seedsPath ?? 'no seed file'}: only jobs of the same seed file can be compared unit by unit.`);
  }
  if (a.seedsHash !== b.seedsHash) {
    throw new CompareSeedsMismatchError(`The seed file ${a.seedsPath ?? ''} changed between job ${a.id} and job ${b.id} (different content): their units do not match, so they cannot be compared unit by unit.`);
  }
}

interface Ranked {
  key: string;
  seedIndex: number;
  a: RecordSummary;
  b: RecordSummary;
  ma?: number;
  mb?: number;
  delta?: number;
}

/** Keeps the RANKED largest improvements and the RANKED largest regressions seen so far. */
function keepRanked(ranked: Ranked[], unit: Ranked): void {
  ranked.push(unit);
  if (ranked.length <= RANKED * 4) return;
  const { better, worse } = topRanked(ranked);
  ranked.splice(0, ranked.length, ...better, ...worse);
}

/** The RANKED largest improvements (largest first) and the RANKED largest regressions (largest first). */
function topRanked(ranked: Ranked[]): { better: Ranked[]; worse: Ranked[] } {
  return {
    better: ranked.filter((u) => (u.delta ?? 0) > 0).sort((x, y) => (y.delta ?? 0) - (x.delta ?? 0)).slice(0, RANKED),
    worse: ranked.filter((u) => (u.delta ?? 0) < 0).sort((x, y) => (x.delta ?? 0) - (y.delta ?? 0)).slice(0, RANKED),
  };
}

function comparison(u: Ranked): UnitComparison {
  return {
    unitKey: u.key,
    seedIndex: u.seedIndex,
    a: { recordId: u.a.id, status: u.a.status, ...(u.ma !== undefined ? { metric: u.ma } : {}) },
    b: { recordId: u.b.id, status: u.b.status, ...(u.mb !== undefined ? { metric: u.mb } : {}) },
    ...(u.delta !== undefined ? { delta: u.delta } : {}),
    diffs: outputDiffs(u.a.output, u.b.output, (o) => [...generatedKeys(o, u.a.metadata), ...generatedKeys(o, u.b.metadata)]),
  };
}

const NO_NUMBERS: ReadonlyMap<string, number> = new Map();

/** The first value of each numeric field of the generated output. */
function numbersOf(fields: GeneratedFields): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const { field, value } of fields.numbers) if (!numbers.has(field)) numbers.set(field, value);
  return numbers;
}

function textOf(r: RecordSummary): string {
  return r.output ? JSON.stringify(Object.entries(r.output).filter(([k]) => !k.startsWith('_'))) : `failed: ${r.error ?? ''}`;
}

/** A job's records one seed at a time (records of a seed are consecutive in unit order), keyed by unit key. */
async function* seedGroups(records: AsyncIterable<RecordSummary>): AsyncGenerator<{ seedIndex: number; records: Map<string, RecordSummary> }> {
  let current: { seedIndex: number; records: Map<string, RecordSummary> } | undefined;
  for await (const r of records) {
    if (current && current.seedIndex !== r.seedIndex) {
      yield current;
      current = undefined;
    }
    current ??= { seedIndex: r.seedIndex, records: new Map() };
    current.records.set(r.unitKey, r);
  }
  if (current) yield current;
}

/** One job's distributions. */
class SideTally {
  private index = 0;
  private records = 0;
  private failed = 0;
  readonly scores = new Map<string, ValueSample>();
  readonly lengths = new Map<string, ValueSample>();

  constructor(private readonly stride: number) {}

  /** Tallies a seed's records; returns the numeric fields of each that has an output, by unit key. */
  addAll(records: Map<string, RecordSummary>): Map<string, Map<string, number>> {
    const numbers = new Map<string, Map<string, number>>();
    for (const [key, r] of records) {
      const fields = r.output ? generatedFields(r.output, r.metadata) : undefined;
      this.add(r, fields);
      if (fields) numbers.set(key, numbersOf(fields));
    }
    return numbers;
  }

  private add(r: RecordSummary, fields: GeneratedFields | undefined): void {
    const position = this.index++;
    this.records++;
    if (!fields || r.status === 'failed') {
      this.failed++;
      return;
    }
    for (const { field, value } of fields.numbers) sampleOf(this.scores, field).add(value);
    if (position % this.stride === 0) for (const { field, text } of fields.texts) sampleOf(this.lengths, field).add(textTokens(text));
  }

  side(job: JobDetail): JobSide {
    return {
      id: job.id,
      pipelineName: job.pipelineName,
      records: this.records,
      failed: this.failed,
      scores: [...this.scores.entries()].map(([field, s]) => ({ field, values: s.distribution() })),
      lengths: [...this.lengths.entries()].map(([field, s]) => ({ field, tokens: s.distribution() })),
    };
  }
}

/** Histograms of both jobs on one axis, for every score and length field they share. */
function* overlays(a: SideTally, b: SideTally): Generator<JobComparison['overlays'][number]> {
  for (const [kind, ma, mb] of [['score', a.scores, b.scores], ['tokens', a.lengths, b.lengths]] as const) {
    for (const [field, sa] of ma) {
      const sb = mb.get(field);
      if (!sb || sa.count === 0 || sb.count === 0) continue;
      // The bounds without a distribution: each distribution() sorts the sample.
      const bounds = { min: Math.min(sa.bounds.min, sb.bounds.min), max: Math.max(sa.bounds.max, sb.bounds.max) };
      yield { field, kind, a: sa.distribution(bounds).histogram, b: sb.distribution(bounds).histogram };
    }
  }
}
