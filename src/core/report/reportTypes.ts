// What a dataset report and a job comparison are: plain JSON, produced by src/core/report, printed by the CLI
// (--json), drawn by the Report webview and the static HTML page. Type-only imports of this file are erased from
// the webview bundle.

/** Bars of equal width from `min` to `max`; `counts[i]` values fell in bar i (the last bar includes max). */
export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

/** A distribution of values: exact count, min, max and mean; quantiles and histogram from `sampled` values. */
export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  /** Values the quantiles and histogram were computed from: every value up to the sample size, then a uniform sample. */
  sampled: number;
  histogram: Histogram;
}

export interface StatusTally {
  pending: number;
  accepted: number;
  rejected: number;
  failed: number;
  total: number;
}

/** Failed records whose error reads the same once numbers, quotes and ids are blanked out. */
export interface FailureGroup {
  reason: string;
  count: number;
  /** Up to 3 record ids, in unit order. */
  examples: number[];
}

/** A text field of the generated output (a string, or the contents of a chat `messages` array). */
export interface TextFieldReport {
  field: string;
  /** Records that have the field. */
  count: number;
  empty: number;
  refused: number;
  /** Length in characters of every value. */
  chars: Distribution;
  /** Length in tokens (cl100k_base) of up to `tokenSample` values spread evenly over the job; `max` also counts the longest value (by characters). */
  tokens: Distribution;
  /** Detected language (franc ISO 639-3, `und` when too short to tell) of up to `languageSample` values. */
  languages: { language: string; count: number }[];
}

export interface ScoreFieldReport {
  /** Path of the number in the output: `score`, `metrics.rouge`, `items[].score`. */
  field: string;
  values: Distribution;
}

export interface SchemaFieldReport {
  field: string;
  count: number;
  /** Values that conform: to the pipeline's JSON Schema for the field, else to the field's most frequent shape. */
  conforming: number;
  against: 'json-schema' | 'majority-shape';
  /** The majority shape (`{answer:string,score:number}`), when checked against it. */
  shape?: string;
  /** Up to 3 ids of records that do not conform, with why. */
  examples: { recordId: number; problem: string }[];
}

export interface DuplicatePair {
  recordId: number;
  /** The earlier record (or the seed, by index) it duplicates. */
  of: number;
  /** Estimated Jaccard similarity of the word shingles (1 for exact duplicates). */
  similarity: number;
}

export interface DuplicateReport {
  /** Records whose generated text has the same words as an earlier record's (case, punctuation and spacing aside). */
  exact: number;
  /** Records whose text is a near-duplicate (similarity ≥ threshold) of an earlier record, exact ones excluded. */
  near: number;
  /** Records whose generated text equals a seed's text, or is a near-duplicate of it. */
  exactSeed: number;
  nearSeed: number;
  /** Up to 10 examples of each. */
  exactExamples: DuplicatePair[];
  nearExamples: DuplicatePair[];
  seedExamples: (DuplicatePair & { kind: 'exact' | 'near' })[];
  method: { shingleWords: number; hashes: number; bands: number; rows: number; threshold: number };
}

export interface RefusalExample {
  recordId: number;
  field: string;
  pattern: string;
}

export interface UsageReport {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** USD at the prices the plan used (or the configured model's); absent when no price is known. */
  cost?: number;
  prices?: { perKInput: number; perKOutput: number; source: 'plan' | 'settings' };
}

export interface DatasetReport {
  job: { id: number; pipelineName: string; pipelinePath: string; seedsPath: string | null; status: string; startedAt: string; finishedAt: string | null };
  generatedAt: string;
  /** Records read. */
  records: number;
  statuses: StatusTally;
  failures: FailureGroup[];
  textFields: TextFieldReport[];
  scoreFields: ScoreFieldReport[];
  schemaFields: SchemaFieldReport[];
  duplicates: DuplicateReport;
  refusals: { count: number; empty: number; examples: RefusalExample[]; patterns: string[] };
  usage: UsageReport;
  elapsedMs: number;
}

/** How far a scan has come. */
export interface ReportProgress {
  done: number;
  total: number;
}

/** One unit of both jobs. */
export interface UnitComparison {
  unitKey: string;
  seedIndex: number;
  a?: { recordId: number; status: string; metric?: number };
  b?: { recordId: number; status: string; metric?: number };
  /** b's metric minus a's, when both have it. */
  delta?: number;
  /** Per differing generated field, a word diff of a's value (JSON text for non-strings) against b's. */
  diffs: { field: string; parts: DiffPart[] }[];
}

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface JobSide {
  id: number;
  pipelineName: string;
  records: number;
  failed: number;
  /** Distributions per score field and per text field length (tokens), for the overlays. */
  scores: ScoreFieldReport[];
  lengths: { field: string; tokens: Distribution }[];
}

export interface JobComparison {
  seedsPath: string | null;
  a: JobSide;
  b: JobSide;
  /** The numeric field units are ranked on (absent: no numeric field in common). */
  metric?: string;
  /** Numeric fields both jobs have, for choosing another metric. */
  metrics: string[];
  units: { both: number; onlyA: number; onlyB: number; better: number; worse: number; same: number; changed: number };
  /** Units with the largest improvements and regressions on the metric (up to 20 each), then changed outputs. */
  better: UnitComparison[];
  worse: UnitComparison[];
  /** Units whose outputs differ (up to 50), in unit order, with their diffs. */
  changed: UnitComparison[];
  /** Histogram bounds shared by both sides, per field: overlays draw both on the same axis. */
  overlays: { field: string; kind: 'score' | 'tokens'; a: Histogram; b: Histogram }[];
  elapsedMs: number;
}
