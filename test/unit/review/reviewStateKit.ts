// Builders for the Review reducer's tests: protocol values as the host sends them, and a reducer driver that
// collects the effects each action asks for.
import type { ReviewCounts, ReviewJobSummary, ReviewJobView, ReviewPage, ReviewRecord, ReviewRecordAt, ReviewViewState } from '../../../src/shared/reviewProtocol';
import { reduceReview } from '../../../webview-ui/review/reviewReducer';
import { initialReviewState, type ReviewAction, type ReviewEffect, type ReviewState } from '../../../webview-ui/review/reviewState';

export function counts(pending: number, accepted = 0, rejected = 0, failed = 0): ReviewCounts {
  return { pending, accepted, rejected, failed, total: pending + accepted + rejected + failed };
}

export function summary(id: number, running = false): ReviewJobSummary {
  return {
    id,
    pipelineName: `pipeline ${id}`,
    pipelinePath: `/w/p${id}.dgf.json`,
    status: running ? 'running' : 'completed',
    total: 12,
    generated: 11,
    failed: 1,
    usage: { inputTokens: 100, outputTokens: 50, cachedTokens: 0 },
    elapsedMs: running ? null : 5000,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: running ? null : '2025-01-01T00:00:05.000Z',
    running,
  };
}

export function jobView(id: number, running = false, c = counts(11, 0, 0, 1)): ReviewJobView {
  return { job: summary(id, running), counts: c, layout: { primary: ['question'], secondary: ['answer'], hidden: [] }, fields: ['question', 'answer'] };
}

export function record(id: number, jobId = 1, status: ReviewRecord['status'] = 'pending', fields: Record<string, unknown> = { question: `Q${id}`, answer: `A${id}` }): ReviewRecord {
  return {
    id,
    jobId,
    seedIndex: id - 1,
    unitKey: `s${id - 1}.r0`,
    status,
    edited: false,
    fields,
    originalFields: null,
    metadata: { topic: `topic ${id}` },
    error: status === 'failed' ? 'HTTP 500' : null,
    trace: [],
    usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 0 },
    durationMs: 40,
    createdAt: '2025-01-01T00:00:01.000Z',
    updatedAt: '2025-01-01T00:00:01.000Z',
  };
}

export function at(rec: ReviewRecord | null, offset: number, total: number): ReviewRecordAt {
  return { record: rec, offset, total };
}

export function page(ids: number[], offset: number, total: number, status: ReviewRecord['status'] = 'pending'): ReviewPage {
  return { rows: ids.map((id) => ({ id, seedIndex: id - 1, unitKey: `s${id - 1}.r0`, status, edited: false, fields: { question: `Q${id}` }, error: null })), offset, total };
}

/** The host's answer to a setStatus effect. */
export function statusSet(effect: ReviewEffect & { kind: 'setStatus' }, c: ReviewCounts, next?: ReviewRecordAt): ReviewAction {
  const { kind: _kind, ...request } = effect;
  return { type: 'statusSet', ...request, counts: c, next };
}

/** Steps the reducer one action at a time, keeping the state and the effects of the last step. */
export class ReviewDriver {
  state: ReviewState;
  effects: readonly ReviewEffect[] = [];

  constructor(view: Partial<ReviewViewState> = {}) {
    this.state = initialReviewState({ status: 'pending', offset: 0, view: 'single', pageSize: 25, ...view });
  }

  do(...actions: ReviewAction[]): this {
    const effects: ReviewEffect[] = [];
    for (const action of actions) {
      const next = reduceReview(this.state, action);
      this.state = next.state;
      effects.push(...next.effects);
    }
    this.effects = effects;
    return this;
  }

  /** The kinds of the last step's effects, in order. */
  kinds(): string[] {
    return this.effects.map((e) => e.kind);
  }

  /** The last step's one effect of this kind (fails the test when there is not exactly one). */
  effect<K extends ReviewEffect['kind']>(kind: K): ReviewEffect & { kind: K } {
    const found = this.effects.filter((e): e is ReviewEffect & { kind: K } => e.kind === kind);
    if (found.length !== 1) throw new Error(`expected one ${kind} effect, got [${this.kinds().join(', ')}]`);
    return found[0];
  }

  /** The ticket of the last step's load of this kind. */
  ticket(kind: 'openJob' | 'loadRecord' | 'loadPage' | 'loadCharts'): number {
    return this.effect(kind).ticket;
  }

  /** Starts on `jobId` and answers the opening requests: jobs, the job, its first record (of `total`), its charts. */
  opened(jobId = 1, first: ReviewRecordAt = at(record(1, jobId), 0, 11), running = false): this {
    this.do({ type: 'start' });
    const job = this.ticket('openJob');
    const shown = this.ticket('loadRecord');
    this.do({ type: 'jobsListed', jobs: [{ id: jobId, pipelineName: `pipeline ${jobId}`, status: 'completed', records: 12, createdAt: '' }] });
    this.do({ type: 'jobOpened', ticket: job, view: jobView(jobId, running) }, { type: 'recordLoaded', ticket: shown, at: first });
    const charts = this.ticket('loadCharts');
    return this.do({ type: 'chartsLoaded', ticket: charts, charts: [] });
  }
}
