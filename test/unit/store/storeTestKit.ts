import type { Database } from 'sql.js';
import type { TraceEntry, UnitResult } from '../../../src/core/records/unitResult';
import { type MemoryOpLog, openMemoryStoreLog } from '../helpers/memoryOpLog';
import type { OpLog } from '../../../src/core/store/opLog';
import type { StoreOperation } from '../../../src/core/store/storeOpTypes';
import type { NewJob } from '../../../src/core/store/storeTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A clock that moves one second per reading, so every stored timestamp is distinct and predictable. */
export function steppingClock(start = T0): () => number {
  let t = start - 1000;
  return () => (t += 1000);
}

/** Remembers every committed batch, to replay them elsewhere. */
export class RecordingOpLog implements OpLog<StoreOperation> {
  readonly batches: StoreOperation[][] = [];
  constructor(private readonly inner: MemoryOpLog<StoreOperation>) {}
  get db(): Database {
    return this.inner.db;
  }
  get readOnly(): boolean {
    return this.inner.readOnly;
  }
  async commit(ops: StoreOperation[]): Promise<void> {
    await this.inner.commit(ops);
    // Through JSON, as the durable journal stores them: an op that does not survive that would not replay.
    this.batches.push(JSON.parse(JSON.stringify(ops)) as StoreOperation[]);
  }
}

export function openLog(data?: Uint8Array): Promise<MemoryOpLog<StoreOperation>> {
  return openMemoryStoreLog(data ? { data } : {});
}

export async function openStore(): Promise<{ store: WorkspaceStore; log: RecordingOpLog }> {
  const log = new RecordingOpLog(await openLog());
  return { store: new WorkspaceStore(log, { clock: steppingClock() }), log };
}

export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    pipelinePath: 'pipelines/qa.dgf.json',
    pipelineName: 'QA pairs',
    pipelineSnapshot: { version: 1, name: 'QA pairs', blocks: [], edges: [] },
    pipelineHash: 'sha256:pipeline',
    seedsPath: 'seeds/topics.json',
    seedsHash: 'sha256:seeds',
    modelSettings: { default: { model: 'llama3', baseUrl: 'http://localhost:11434/v1' } },
    total: 6,
    ...overrides,
  };
}

const usage = { input_tokens: 10, output_tokens: 5, cached_tokens: 1 };

function traceOf(key: string, failed: boolean): TraceEntry[] {
  return [
    { block_id: 'q', block_type: 'TextGenerator', started_at: '2026-01-01T00:00:00.000Z', duration_ms: 12, output: { question: `Q ${key}` }, error: null, usage },
    { block_id: 'a', block_type: 'TextGenerator', started_at: '2026-01-01T00:00:00.012Z', duration_ms: 30, output: failed ? null : { answer: `A ${key}` }, error: failed ? 'HTTP 500' : null },
  ];
}

/** A repetition unit's result: metadata {topic}, output = metadata + question + answer + an internal key. */
export function result(seedIndex: number, repetition: number, failed = false): UnitResult {
  const key = `s${seedIndex}.r${repetition}`;
  const metadata = { topic: `topic ${seedIndex}` };
  return {
    key,
    seedIndex,
    repetition,
    status: failed ? 'failed' : 'succeeded',
    metadata,
    output: failed ? null : { ...metadata, question: `Q ${key}`, answer: `A ${key}`, _raw: 'internal' },
    ...(failed ? { error: { message: `Block a (TextGenerator): HTTP 500 for ${key}`, blockId: 'a', blockType: 'TextGenerator' } } : {}),
    trace: traceOf(key, failed),
    usage,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 42,
  };
}

/** Writes results in the order given (the runner's completion order) through the job's sink. */
export async function writeAll(store: WorkspaceStore, jobId: number, results: UnitResult[]): Promise<void> {
  const sink = store.recordSink(jobId);
  for (const r of results) await sink.write(r);
}

/** Whole tables as plain rows, for comparing databases. */
export function dumpTables(db: Database): Record<string, unknown[][]> {
  const out: Record<string, unknown[][]> = {};
  for (const table of ['jobs', 'records', 'review_actions', 'field_layouts', 'sqlite_sequence']) {
    out[table] = db.exec(`SELECT * FROM ${table} ORDER BY 1`)[0]?.values ?? [];
  }
  return out;
}
