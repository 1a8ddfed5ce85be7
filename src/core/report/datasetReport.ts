import { CancelledError } from '../errors';
import { textTokens } from '../plan/promptTokens';
import { storedEstimate } from '../plan/planEstimate';
import type { PipelineFile } from '../pipeline/pipelineTypes';
import type { JobDetail, PageQuery, RecordSummary, StatusCounts } from '../store/storeTypes';
import { FailureTally } from './failureReasons';
import { ReportJobNotFoundError } from './reportErrors';
import { generatedFields, seedText } from './generatedFields';
import { LanguageTally } from './languageTally';
import { HASHES, SHINGLE_WORDS, textFingerprint } from './minHash';
import { BANDS, bandKeys, NEAR_DUPLICATE_THRESHOLD, NearDuplicateIndex, ROWS } from './nearDuplicateIndex';
import { isEmptyAnswer, REFUSAL_PATTERNS, refusalPattern } from './refusals';
import type { DatasetReport, Distribution, DuplicatePair, RefusalExample, ReportProgress, TextFieldReport, UsageReport } from './reportTypes';
import { pipelineSchemas, SchemaConformance } from './schemaConformance';
import { sampleOf, ValueSample } from './valueSample';

/** What a report reads: the store's public API (WorkspaceStore fits). */
export interface ReportSource {
  getJob(id: number): JobDetail | undefined;
  statusCounts(jobId: number): StatusCounts;
  pageRecords(jobId: number, query: PageQuery): RecordSummary[];
}

const PAGE = 500;

/**
 * Every record of the job in unit order, a keyset page at a time (pageRecords: no traces, which a report does not
 * read and which cost more to decode than the record itself). Memory holds one page.
 */
export async function* jobRecordPages(source: Pick<ReportSource, 'pageRecords'>, jobId: number, signal?: AbortSignal): AsyncGenerator<RecordSummary> {
  let after: number | undefined;
  for (;;) {
    if (signal?.aborted) throw new CancelledError(`The scan of job ${jobId} was cancelled.`);
    const page = source.pageRecords(jobId, { order: 'unit', offset: 0, limit: PAGE, ...(after !== undefined ? { after } : {}) });
    yield* page;
    if (page.length < PAGE) return;
    after = page[page.length - 1].id;
    // Let the host's other work (a webview message, a cancel) run between pages.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export interface ReportOptions {
  signal?: AbortSignal;
  /** Called every PROGRESS_EVERY records and at the end. */
  onProgress?: (progress: ReportProgress) => void;
  /** Prices when the job's plan recorded none (the configured model's pricePer1kInput/Output). */
  prices?: { perKInput: number; perKOutput: number };
  /** Records whose text fields are tokenized (cl100k_base) and language-detected: spread evenly over the job. */
  tokenSample?: number;
  languageSample?: number;
  clock?: () => number;
}

/** Tokenizing (~0.5 ms per KB) and language detection are the slow parts: on large jobs they see an evenly spaced sample of records. */
export const TOKEN_SAMPLE = 1000;
export const LANGUAGE_SAMPLE = 300;
export const PROGRESS_EVERY = 1000;
const EXAMPLES = 10;

/**
 * The dataset report of a job in one streaming pass over its records (jobRecordPages: one page in memory at a
 * time). What is kept grows with the job only through the duplicate indexes (a word-sequence hash
 * and a 256-byte MinHash signature per record); distributions keep fixed-size samples (see ValueSample).
 */
export async function buildDatasetReport(source: ReportSource, jobId: number, options: ReportOptions = {}): Promise<DatasetReport> {
  const clock = options.clock ?? Date.now;
  const started = clock();
  const job = source.getJob(jobId);
  if (!job) throw new ReportJobNotFoundError(jobId);
  const statuses = source.statusCounts(jobId);
  const scan = new ReportScan(job.pipelineSnapshot, statuses.total, options);
  let done = 0;
  for await (const record of jobRecordPages(source, jobId, options.signal)) {
    scan.add(record);
    done++;
    if (done % PROGRESS_EVERY === 0) options.onProgress?.({ done, total: statuses.total });
  }
  options.onProgress?.({ done, total: statuses.total });
  return {
    job: { id: job.id, pipelineName: job.pipelineName, pipelinePath: job.pipelinePath, seedsPath: job.seedsPath, status: job.status, startedAt: job.startedAt, finishedAt: job.finishedAt },
    generatedAt: new Date(clock()).toISOString(),
    records: done,
    statuses,
    ...scan.result(),
    usage: usageReport(job, options.prices),
    elapsedMs: clock() - started,
  };
}

interface TextTally {
  /** The longest value by characters: tokenized at the end, so the maximum holds on sampled jobs too. */
  longest: string;
  count: number;
  empty: number;
  refused: number;
  chars: ValueSample;
  tokens: ValueSample;
  languages: LanguageTally;
}

/** The state of one pass: fed record by record, then read once. */
export class ReportScan {
  private index = 0;
  private readonly tokenStride: number;
  private readonly languageStride: number;
  private readonly failures = new FailureTally();
  private readonly texts = new Map<string, TextTally>();
  private readonly scores = new Map<string, ValueSample>();
  private readonly schema: SchemaConformance;
  private readonly exactTexts = new Map<number, number>();
  private readonly seedHashes = new Map<number, number>();
  private readonly seedsSeen = new Set<number>();
  private readonly near = new NearDuplicateIndex();
  private readonly seedIndex = new NearDuplicateIndex();
  private readonly duplicates = { exact: 0, near: 0, exactSeed: 0, nearSeed: 0, exactExamples: [] as DuplicatePair[], nearExamples: [] as DuplicatePair[], seedExamples: [] as (DuplicatePair & { kind: 'exact' | 'near' })[] };
  private readonly refusals = { count: 0, empty: 0, examples: [] as RefusalExample[] };

  constructor(pipeline: PipelineFile | undefined, total: number, options: Pick<ReportOptions, 'tokenSample' | 'languageSample'> = {}) {
    this.tokenStride = Math.max(1, Math.ceil(total / Math.max(1, options.tokenSample ?? TOKEN_SAMPLE)));
    this.languageStride = Math.max(1, Math.ceil(total / Math.max(1, options.languageSample ?? LANGUAGE_SAMPLE)));
    this.schema = new SchemaConformance(pipelineSchemas(pipeline));
  }

  add(record: RecordSummary): void {
    const position = this.index++;
    this.addSeed(record);
    if (record.status === 'failed' || record.output === null) {
      this.failures.add(record.id, record.error);
      return;
    }
    const fields = generatedFields(record.output, record.metadata);
    const tokenize = position % this.tokenStride === 0;
    const detect = position % this.languageStride === 0;
    let refused = false;
    let empty = false;
    for (const { field, text } of fields.texts) {
      const tally = this.textTally(field);
      tally.count++;
      tally.chars.add(text.length);
      if (text.length > tally.longest.length) tally.longest = text;
      if (isEmptyAnswer(text)) {
        tally.empty++;
        empty = true;
        continue;
      }
      if (tokenize) tally.tokens.add(textTokens(text));
      if (detect) tally.languages.add(text);
      const pattern = refusalPattern(text);
      if (pattern) {
        tally.refused++;
        if (!refused && this.refusals.examples.length < EXAMPLES) this.refusals.examples.push({ recordId: record.id, field, pattern });
        refused = true;
      }
    }
    if (refused) this.refusals.count++;
    if (empty) this.refusals.empty++;
    for (const { field, value } of fields.numbers) sampleOf(this.scores, field).add(value);
    for (const { field, value } of fields.json) this.schema.add(record.id, field, value);
    this.addDuplicates(record.id, fields.allText);
  }

  result(): Pick<DatasetReport, 'failures' | 'textFields' | 'scoreFields' | 'schemaFields' | 'duplicates' | 'refusals'> {
    const textFields: TextFieldReport[] = [...this.texts.entries()].map(([field, t]) => ({
      field,
      count: t.count,
      empty: t.empty,
      refused: t.refused,
      chars: t.chars.distribution(),
      tokens: withMax(t.tokens.distribution(), t.longest === '' ? 0 : textTokens(t.longest)),
      languages: t.languages.result(),
    }));
    return {
      failures: this.failures.result(),
      textFields,
      scoreFields: [...this.scores.entries()].map(([field, s]) => ({ field, values: s.distribution() })),
      schemaFields: this.schema.result(),
      duplicates: { ...this.duplicates, method: { shingleWords: SHINGLE_WORDS, hashes: HASHES, bands: BANDS, rows: ROWS, threshold: NEAR_DUPLICATE_THRESHOLD } },
      refusals: { ...this.refusals, patterns: REFUSAL_PATTERNS.map((p) => p.name) },
    };
  }

  private addSeed(record: RecordSummary): void {
    if (this.seedsSeen.has(record.seedIndex)) return;
    this.seedsSeen.add(record.seedIndex);
    const text = seedText(record.metadata).trim();
    if (text === '') return;
    const { signature, words } = textFingerprint(text);
    if (!signature) return;
    if (!this.seedHashes.has(words)) this.seedHashes.set(words, record.seedIndex);
    this.seedIndex.add(record.seedIndex, signature);
  }

  private addDuplicates(recordId: number, allText: string): void {
    const { signature: sig, words: hash } = textFingerprint(allText);
    // No word at all (empty or punctuation only): counted as an empty answer, not as a duplicate.
    if (!sig) return;
    const keys = bandKeys(sig);
    const seed = this.seedHashes.get(hash);
    if (seed !== undefined) {
      this.duplicates.exactSeed++;
      if (this.duplicates.seedExamples.length < EXAMPLES) this.duplicates.seedExamples.push({ recordId, of: seed, similarity: 1, kind: 'exact' });
    } else {
      const match = this.seedIndex.query(sig, keys);
      if (match) {
        this.duplicates.nearSeed++;
        if (this.duplicates.seedExamples.length < EXAMPLES) this.duplicates.seedExamples.push({ recordId, of: match.id, similarity: match.similarity, kind: 'near' });
      }
    }
    const earlier = this.exactTexts.get(hash);
    if (earlier !== undefined) {
      this.duplicates.exact++;
      if (this.duplicates.exactExamples.length < EXAMPLES) this.duplicates.exactExamples.push({ recordId, of: earlier, similarity: 1 });
      return;
    }
    this.exactTexts.set(hash, recordId);
    const match = this.near.query(sig, keys);
    if (match) {
      this.duplicates.near++;
      if (this.duplicates.nearExamples.length < EXAMPLES) this.duplicates.nearExamples.push({ recordId, of: match.id, similarity: match.similarity });
    }
    this.near.add(recordId, sig, keys);
  }

  private textTally(field: string): TextTally {
    let tally = this.texts.get(field);
    if (!tally) {
      tally = { longest: '', count: 0, empty: 0, refused: 0, chars: new ValueSample(), tokens: new ValueSample(), languages: new LanguageTally() };
      this.texts.set(field, tally);
    }
    return tally;
  }
}

/** A sampled distribution whose maximum is raised to a value known to occur (the longest text's tokens). */
function withMax(d: Distribution, max: number): Distribution {
  return max > d.max ? { ...d, max } : d;
}

function usageReport(job: JobDetail, fallback: ReportOptions['prices']): UsageReport {
  const planPrices = storedEstimate(job.metadata)?.prices;
  const prices = planPrices ? { ...planPrices, source: 'plan' as const } : fallback ? { ...fallback, source: 'settings' as const } : undefined;
  const usage = job.usage;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cachedTokens: usage.cached_tokens,
    ...(prices ? { prices, cost: (usage.input_tokens * prices.perKInput + usage.output_tokens * prices.perKOutput) / 1000 } : {}),
  };
}
