import type { Database } from 'sql.js';
import type { TokenUsage } from '../llm/llmTypes';
import type { ResultSink, UnitResult } from '../records/unitResult';
import { seedKey } from '../records/unitKeys';
import { getJobRow, getStoredJob, getStoredJobDetail, listStoredJobs, maxIdEverUsed } from './jobQueries';
import { INTERRUPTED_REASON, presentJob, thisRunner, type RunnerAlive } from './jobLiveness';
import { streamJobRecords } from './jobRecordStream';
import type { OpLog } from './opLog';
import { getRecord, neighbor, pageRecords, recordState, statusCounts, unitKeys, unitKeyStatus } from './recordQueries';
import { lastUndoableAction } from './reviewActions';
import { encodeOutput } from './outputCodec';
import type { PayloadStore } from './payload/payloadStore';
import { encodePayload, holdsBlockOutputsOnly } from './payload/recordPayload';
import { relocateInlinePayloads } from './payload/relocateInline';
import { encodeTrace } from './traceCodec';
import { json, oneRow } from './sqlRows';
import { assertNoSecrets, checkEditFields, checkLayout, checkReviewTargets } from './storeChecks';
import { JobStateError, StoreNotFoundError } from './storeErrors';
import type { JobStatusOp, RunnerInfo, StoreOperation } from './storeOpTypes';
import type { Direction, FieldLayout, FinishedRun, JobDetail, JobRow, JsonObject, NewJob, PageQuery, RecordDetail, RecordFilter, RecordSummary, ReviewStatus, StatusCounts, UndoneAction } from './storeTypes';

export interface WorkspaceStoreOptions {
  /** Milliseconds since the epoch; every stored timestamp comes from it. */
  clock?: () => number;
  /**
   * Whether the process running a `running` job is still there (see lockHolderLiveness); a job whose runner is gone
   * reads as `interrupted`. Default: every runner counts as alive (a store nobody else writes, e.g. in memory).
   */
  runnerAlive?: RunnerAlive;
  /** This process, recorded as the runner of the jobs it starts or resumes. Default: pid and host name. */
  runner?: RunnerInfo;
}

/** What resuming a job needs: the keys to skip and the usage and time already spent (for constraints). */
export interface ResumePlan {
  job: JobRow;
  doneKeys: Set<string>;
  previousUsage: TokenUsage;
  previousElapsedMs: number;
}

/**
 * The workspace database as the engine, Review panel and CLI use it. Writes become ops committed through the
 * OpLog (durable when the promise resolves); reads are bounded queries on the OpLog's in-memory database.
 * One WorkspaceStore per OpLog: ids come from counters kept here, started past every id the database has used.
 */
export class WorkspaceStore {
  private readonly clock: () => number;
  private readonly runnerAlive: RunnerAlive;
  private readonly runner: RunnerInfo;
  private nextJobId: number;
  private nextRecordId: number;
  private nextActionId: number;

  constructor(
    readonly opLog: OpLog<StoreOperation>,
    options: WorkspaceStoreOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.runnerAlive = options.runnerAlive ?? (() => true);
    this.runner = options.runner ?? thisRunner();
    this.nextJobId = maxIdEverUsed(opLog.db, 'jobs') + 1;
    this.nextRecordId = maxIdEverUsed(opLog.db, 'records') + 1;
    this.nextActionId = maxIdEverUsed(opLog.db, 'review_actions') + 1;
  }

  get db(): Database {
    return this.opLog.db;
  }

  get readOnly(): boolean {
    return this.opLog.readOnly;
  }

  /** The segment files holding record payloads; absent when the OpLog keeps them inline (in-memory stores). */
  get payloads(): PayloadStore | undefined {
    return this.opLog.payloads;
  }

  async createJob(info: NewJob): Promise<JobRow> {
    assertNoSecrets(info.modelSettings);
    const id = this.nextJobId++;
    await this.opLog.commit([{ t: 'job.create', id, job: info, createdAt: this.now(), runner: this.runner }]);
    return this.requireJob(id);
  }

  /** Puts a stopped, failed or interrupted job back to running and says what is already done. */
  async reopenJob(jobId: number): Promise<ResumePlan> {
    const job = this.jobRow(jobId);
    if (!job) throw new StoreNotFoundError('job', jobId);
    if (job.status === 'running') throw new JobStateError('running', `Job ${jobId} is already running: wait for it to finish or cancel it before resuming.`);
    // A new run starts here, in this process; the time of earlier runs stays in elapsed_ms.
    await this.opLog.commit([{ t: 'job.status', id: jobId, status: 'running', error: null, finishedAt: null, runner: this.runner, at: this.now() }]);
    return { job: this.requireJob(jobId), doneKeys: this.doneKeys(jobId), previousUsage: job.usage, previousElapsedMs: job.elapsedMs ?? 0 };
  }

  /** A sign of life of a running job between records: a kill now still counts the run's time up to here. */
  async heartbeat(jobId: number): Promise<void> {
    await this.opLog.commit([{ t: 'job.heartbeat', id: jobId, at: this.now() }]);
  }

  /**
   * Where the runner writes a job's results. `write` resolves once the record is durable. A unit key the job
   * already holds a succeeded record for is acknowledged without storing it again (resume safety); a failed one
   * is replaced by the new result (retry).
   */
  recordSink(jobId: number): ResultSink {
    this.requireJob(jobId);
    const inFlight = new Map<string, Promise<void>>();
    return {
      write: (result: UnitResult) => {
        const pending = inFlight.get(result.key);
        if (pending) return pending;
        const done = this.writeResult(jobId, result).finally(() => inFlight.delete(result.key));
        inFlight.set(result.key, done);
        return done;
      },
    };
  }

  /** Records the run's outcome. The summary's usage, elapsed time and total are the job's (earlier runs included). */
  async finishJob(jobId: number, summary: FinishedRun): Promise<JobRow> {
    const job = this.requireJob(jobId);
    if (job.status !== 'running') throw new JobStateError('not-running', `Job ${jobId} is ${job.status}, not running: only a running job can be finished.`);
    await this.opLog.commit([
      {
        t: 'job.status',
        id: jobId,
        status: summary.status,
        error: summary.reason ?? null,
        finishedAt: this.now(),
        elapsedMs: Math.round(summary.elapsedMs),
        usage: summary.usage,
        // A run that failed before counting its units knows no total: keep the one stored.
        ...(summary.total > 0 ? { total: summary.total } : {}),
      },
    ]);
    return this.requireJob(jobId);
  }

  /**
   * Jobs left `running` by a process that died become `interrupted`, their elapsed time counting the killed run up
   * to its last record or heartbeat. Only the write-lock holder calls this, at open.
   */
  async markInterrupted(): Promise<number[]> {
    const running = listStoredJobs(this.db).filter((s) => s.job.status === 'running');
    if (running.length === 0) return [];
    const ops: JobStatusOp[] = running.map((s) => {
      const elapsedMs = presentJob(s, () => false).elapsedMs;
      return { t: 'job.status', id: s.job.id, status: 'interrupted', error: INTERRUPTED_REASON, finishedAt: null, ...(elapsedMs === null ? {} : { elapsedMs }) };
    });
    await this.opLog.commit(ops);
    return running.map((s) => s.job.id).sort((a, b) => a - b);
  }

  /** Keys of units that produced a record (any review status): a resumed run skips them. */
  doneKeys(jobId: number): Set<string> {
    return unitKeys(this.db, jobId, 'succeeded');
  }

  /** Keys of failed executions: a retry runs exactly these. */
  failedKeys(jobId: number): Set<string> {
    return unitKeys(this.db, jobId, 'failed');
  }

  /** Review decision on records of one job; returns the undo action's id, or undefined if nothing changed. */
  async setStatus(recordIds: readonly number[], status: ReviewStatus): Promise<number | undefined> {
    const ids = [...new Set(recordIds)];
    if (ids.length === 0) return undefined;
    const targets = checkReviewTargets(this.db, ids, `mark as ${status}`);
    const changing = ids.filter((id) => targets.get(id)?.status !== status);
    if (changing.length === 0) return undefined;
    const jobId = targets.get(ids[0])?.jobId ?? 0;
    const actionId = this.nextActionId++;
    await this.opLog.commit([{ t: 'record.status', jobId, ids: changing, status, updatedAt: this.now(), actionId }]);
    return actionId;
  }

  /**
   * Changes output fields of a record (merged into its accumulated state). The output as generated is kept in
   * `originalOutput` from the first edit on. Returns the undo action's id, or undefined if no value changed.
   */
  async editRecord(id: number, fields: JsonObject): Promise<number | undefined> {
    checkReviewTargets(this.db, [id], 'edit');
    let state = recordState(this.db, this.payloads, id);
    if (!state) throw new StoreNotFoundError('record', id);
    checkEditFields(id, fields, state.metadata);
    const current = state.output ?? {};
    const output = { ...current, ...fields };
    if (JSON.stringify(output) === JSON.stringify(current)) return undefined;
    const actionId = this.nextActionId++;
    const payloads = this.writablePayloads();
    if (!payloads) {
      await this.opLog.commit([{ t: 'record.edit', id, output, updatedAt: this.now(), actionId }]);
      return actionId;
    }
    // A row still holding its payload inline (moved at open; only a store opened without that) is moved first, so
    // the edit's undo entry is a pointer.
    if (state.inline) {
      await relocateInlinePayloads(this.opLog, payloads, { ids: [id] });
      state = recordState(this.db, payloads, id) ?? state;
    }
    const { payload } = state;
    const encodedOutput = encodeOutput(output, state.metadata);
    // The output as generated stays with the record (the trace decodes against it); a first edit keeps the current one.
    const data = encodePayload({
      metadata: payload.metadata,
      output: JSON.stringify(encodedOutput),
      original: payload.original ?? payload.output,
      trace: payload.trace,
      blockOnly: holdsBlockOutputsOnly(encodedOutput, state.metadata),
    });
    const pointer = payloads.append(state.jobId, data);
    await this.opLog.commit([{ t: 'record.edit', id, payload: pointer, updatedAt: this.now(), actionId }]);
    return actionId;
  }

  /** Reverts the job's most recent review action not yet undone; repeated calls walk further back. */
  async undoLastAction(jobId: number): Promise<UndoneAction | undefined> {
    const last = lastUndoableAction(this.db, jobId);
    if (!last) return undefined;
    await this.opLog.commit([{ t: 'action.undo', actionId: last.actionId }]);
    return last;
  }

  /** Deletes the job, its records (failed executions included) and its review actions, in one transaction. */
  async deleteJob(id: number): Promise<{ records: number }> {
    const job = this.jobRow(id);
    if (!job) throw new StoreNotFoundError('job', id);
    if (job.status === 'running') throw new JobStateError('running', `Job ${id} is still running: cancel it before deleting it.`);
    const records = statusCounts(this.db, id).total;
    await this.opLog.commit([{ t: 'job.delete', id }]);
    // Only now that the delete is durable. A crash before this, or a folder that cannot be removed now (a file held
    // open elsewhere on Windows), leaves a folder that removeOrphans removes at the next open: the delete stands.
    await this.payloads?.removeJob(id).catch(() => undefined);
    return { records };
  }

  async setFieldLayout(pipelineKey: string, layout: FieldLayout): Promise<void> {
    checkLayout(pipelineKey, layout);
    const clean: FieldLayout = { primary: [...layout.primary], secondary: [...layout.secondary], hidden: [...layout.hidden] };
    await this.opLog.commit([{ t: 'layout.set', pipelineKey, layout: clean }]);
  }

  getFieldLayout(pipelineKey: string): FieldLayout | undefined {
    return json<FieldLayout>(oneRow(this.db, 'SELECT layout FROM field_layouts WHERE pipeline_key = ?', [pipelineKey])?.layout) ?? undefined;
  }

  /** Every job, newest first; a `running` job whose process is gone shows as `interrupted` (see presentJob). */
  listJobs(): JobRow[] {
    return listStoredJobs(this.db).map((s) => presentJob(s, this.runnerAlive));
  }

  /** The job with its pipeline snapshot, as listJobs shows it. */
  getJob(id: number): JobDetail | undefined {
    const stored = getStoredJobDetail(this.db, id);
    return stored ? presentJob(stored, this.runnerAlive) : undefined;
  }

  /** The job as listJobs shows it, without the (possibly large) pipeline snapshot. */
  jobRow(id: number): JobRow | undefined {
    const stored = getStoredJob(this.db, id);
    return stored ? presentJob(stored, this.runnerAlive) : undefined;
  }

  statusCounts(jobId: number): StatusCounts {
    return statusCounts(this.db, jobId);
  }

  pageRecords(jobId: number, query: PageQuery): RecordSummary[] {
    return pageRecords(this.db, this.payloads, jobId, query);
  }

  getRecord(id: number): RecordDetail | undefined {
    return getRecord(this.db, this.payloads, id);
  }

  /**
   * Moves payloads still stored inline (a database written before schema v4, or journal lines of that version
   * replayed at open) to segment files; the writer calls it at open. Returns the number of records moved.
   */
  async relocateInlinePayloads(): Promise<number> {
    return this.payloads && !this.readOnly ? relocateInlinePayloads(this.opLog, this.payloads) : 0;
  }

  neighbor(recordId: number, filter: RecordFilter, direction: Direction): number | undefined {
    return neighbor(this.db, recordId, filter, direction);
  }

  /**
   * Shallow-merges `patch` into the job's metadata (top-level keys replaced), durably: job-level state such as an
   * upload's progress, read back on resume. Refuses credential-named fields, like model settings.
   */
  async setJobMetadata(jobId: number, patch: JsonObject): Promise<JsonObject> {
    this.requireJob(jobId);
    assertNoSecrets(patch, 'jobMetadata');
    // Through JSON now, as the journal will store it: an `undefined` value must not mean one thing when applied
    // and another on replay (set a key to null to clear it).
    const clean = JSON.parse(JSON.stringify(patch)) as JsonObject;
    await this.opLog.commit([{ t: 'job.metadata', id: jobId, patch: clean }]);
    return this.requireJob(jobId).metadata;
  }

  /** The job's records in unit order with their traces, streamed in keyset batches (see streamJobRecords). */
  jobRecords(jobId: number, batchSize?: number): AsyncGenerator<RecordDetail> {
    return streamJobRecords(() => this.db, (id) => this.getRecord(id), jobId, batchSize);
  }

  private async writeResult(jobId: number, result: UnitResult): Promise<void> {
    const existing = unitKeyStatus(this.db, jobId, result.key);
    if (existing !== undefined && existing !== 'failed') return;
    // A seed whose multiplier failed earlier is stored under the seed's key; its chunks supersede that failure.
    const seed = seedKey(result.seedIndex);
    const replaces = result.chunkIndex !== undefined && unitKeyStatus(this.db, jobId, seed) === 'failed' ? seed : undefined;
    const id = this.nextRecordId++;
    const payloads = this.writablePayloads();
    if (!payloads) {
      await this.opLog.commit([{ t: 'record.add', id, jobId, createdAt: this.now(), result, ...(replaces ? { replaces } : {}) }], { gather: true });
      return;
    }
    const { metadata, output, trace, ...small } = result;
    const stored = result.status === 'failed' || output === null ? null : output;
    const encodedOutput = stored === null ? null : encodeOutput(stored, metadata);
    const data = encodePayload({
      metadata: JSON.stringify(metadata),
      output: encodedOutput === null ? null : JSON.stringify(encodedOutput),
      original: null,
      // The trace shares values with exactly the output stored here (see traceCodec).
      trace: encodeTrace(trace, stored),
      blockOnly: encodedOutput !== null && holdsBlockOutputsOnly(encodedOutput, metadata),
    });
    const payload = payloads.append(jobId, data);
    await this.opLog.commit([{ t: 'record.add', id, jobId, createdAt: this.now(), result: small, payload, ...(replaces ? { replaces } : {}) }], { gather: true });
  }

  /** Segment files to append to; none read-only (the commit then rejects, naming the writer, and nothing is written). */
  private writablePayloads(): PayloadStore | undefined {
    return this.readOnly ? undefined : this.payloads;
  }

  private requireJob(id: number): JobRow {
    const job = getJobRow(this.db, id);
    if (!job) throw new StoreNotFoundError('job', id);
    return job;
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }
}
