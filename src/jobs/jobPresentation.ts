import { batchJobMetadata } from '../core/batch/batchJobLauncher';
import { cacheStatsText, storedCacheStats } from '../core/cache/jobCacheStats';
import { estimateVsActualText, storedEstimate } from '../core/plan/planEstimate';
import type { JobRow, JobStatus } from '../core/store/storeTypes';
import { elapsed } from '../host/progressText';
import { describeModels } from './modelSummary';
import { relativeTime } from './relativeTime';

/** The running job's progress as this window sees it (the row in the database lags behind by a few records). */
export interface LiveProgress {
  percent: number;
  /** Units of the whole job: known here before a multiplier job's row has its total. */
  total: number;
  /** "seed 5/10 · Ask the question · 40 ok · 2 failed · 0:12". */
  text: string;
  elapsedMs: number;
}

/** What this window may do with a job besides reading it. */
export interface JobAbilities {
  /** The database is written by another process: nothing can change here. */
  readOnly: boolean;
  /** This window runs the job (a `running` row in a read-only database belongs to the other process). */
  runsHere: boolean;
}

/** Statuses a job can be resumed from: its missing units run, with the pipeline snapshot it ran. */
const RESUMABLE: readonly JobStatus[] = ['interrupted', 'cancelled', 'failed'];

const STATUS_ICONS: Record<JobStatus, string> = {
  running: 'sync~spin',
  completed: 'pass',
  failed: 'error',
  cancelled: 'circle-slash',
  stopped: 'debug-stop',
  interrupted: 'debug-pause',
};

export function jobIcon(job: JobRow): string {
  return job.status === 'completed' && job.failed > 0 ? 'warning' : STATUS_ICONS[job.status];
}

/** Why a job cannot be resumed, or undefined when it can. */
export function resumeRefusal(job: JobRow): string | undefined {
  if (RESUMABLE.includes(job.status)) return undefined;
  if (job.status === 'running') return `Job #${job.id} is still running.`;
  // A limit counts the whole job, earlier runs included: resuming a stopped job would start nothing.
  if (job.status === 'stopped') {
    return `Job #${job.id} stopped at its limit${job.error ? ` (${job.error})` : ''}: the limit counts the whole job, so resuming it would start nothing. Start a new job with a higher limit to generate more.`;
  }
  const retry = job.failed > 0 ? ` Use "Retry Failed Units" to re-run its ${job.failed} failed unit(s).` : '';
  return `Job #${job.id} completed: every unit already has a result, so there is nothing to resume.${retry}`;
}

export function retryRefusal(job: JobRow): string | undefined {
  if (job.status === 'running') return `Job #${job.id} is still running: wait for it to end (or cancel it), then retry its failed units.`;
  return job.failed > 0 ? undefined : `Job #${job.id} has no failed units to retry.`;
}

/** Why Re-run with changes cannot start from a job (it needs the job's seeds, and the job must have ended). */
export function rerunRefusal(job: JobRow): string | undefined {
  if (job.status === 'running') return `Job #${job.id} is still running: wait for it to end (or cancel it), then re-run it with changes.`;
  return job.seedsPath ? undefined : `Job #${job.id} has no seed file recorded, so it cannot be re-run.`;
}

export function deleteRefusal(job: JobRow): string | undefined {
  return job.status === 'running' ? `Job #${job.id} is running: cancel it before deleting it.` : undefined;
}

export function hasRecords(job: JobRow): boolean {
  return job.generated + job.failed > 0;
}

/**
 * `job:<status>` followed by what the item allows (`:cancellable`, `:resumable`, `:hasFailed`, `:hasRecords`,
 * `:rerunnable`, `:deletable`): menus match these with `viewItem =~ /:resumable(:|$)/`, so they only offer valid actions.
 */
export function jobContextValue(job: JobRow, can: JobAbilities): string {
  const parts = ['job', job.status];
  if (job.status === 'running' && can.runsHere) parts.push('cancellable');
  if (!can.readOnly && resumeRefusal(job) === undefined) parts.push('resumable');
  if (!can.readOnly && retryRefusal(job) === undefined) parts.push('hasFailed');
  if (hasRecords(job)) parts.push('hasRecords');
  if (!can.readOnly && rerunRefusal(job) === undefined) parts.push('rerunnable');
  if (!can.readOnly && deleteRefusal(job) === undefined) parts.push('deletable');
  return parts.join(':');
}

/** `#12 · completed · 38/40 · 2 failed · 5 min ago`; a running job shows its percentage next to its status. */
export function jobDescription(job: JobRow, now: number, live?: LiveProgress): string {
  return [jobFacts(job, live), relativeTime(job.finishedAt ?? job.startedAt, now)].filter(Boolean).join(' · ');
}

/**
 * The Jobs view row's label, `#12 · completed · 38/40 · 2 failed`: the facts a user scans for come first, since a row
 * is cut at the sidebar's edge (the pipeline's name and the time follow in the description, see jobRowDescription).
 */
export function jobFacts(job: JobRow, live?: LiveProgress): string {
  const total = live ? live.total : job.total;
  const status = live ? `${job.status} ${live.percent}%` : job.status;
  return [`#${job.id}`, status, `${job.generated}/${total > 0 ? total : '?'}`, `${job.failed} failed`].join(' · ');
}

/** The row's description after its facts: `Questions and answers · 5 min ago`. */
export function jobRowDescription(job: JobRow, now: number): string {
  return [job.pipelineName, relativeTime(job.finishedAt ?? job.startedAt, now)].filter(Boolean).join(' · ');
}

export interface TooltipLine {
  label: string;
  value: string;
  /** Shown as code (paths). */
  code?: boolean;
}

/** The tooltip's facts, in the order a user looks for them; the view renders them as Markdown. */
export function jobTooltipLines(job: JobRow, live?: LiveProgress): TooltipLine[] {
  const lines: TooltipLine[] = [
    { label: 'Status', value: live ? `${job.status}, ${live.percent}% (${live.text})` : job.status },
    { label: 'Pipeline', value: job.pipelinePath, code: true },
    { label: 'Seeds', value: job.seedsPath ?? '(none recorded)', code: job.seedsPath !== null },
    { label: 'Model', value: describeModels(job.modelSettings) },
    { label: 'Records', value: `${job.generated} generated, ${job.failed} failed of ${(live?.total ?? job.total) || '?'}` },
    { label: 'Tokens', value: `${job.usage.input_tokens} in · ${job.usage.output_tokens} out · ${job.usage.cached_tokens} cached` },
  ];
  const ms = live?.elapsedMs ?? job.elapsedMs;
  if (ms !== null) lines.push({ label: 'Duration', value: elapsed(ms) });
  const estimate = storedEstimate(job.metadata);
  if (estimate && job.status !== 'running') lines.push({ label: 'Estimated vs actual', value: estimateVsActualText(estimate, job) });
  const cache = storedCacheStats(job.metadata);
  if (cache) lines.push({ label: 'Model calls', value: cacheStatsText(cache) });
  if (typeof job.metadata.rerunOf === 'number') lines.push({ label: 'Re-run of', value: `#${job.metadata.rerunOf}` });
  const batch = batchJobMetadata(job);
  if (batch) lines.push({ label: 'Mode', value: `batch (provider Batch API, ${batch.completionWindow} window per stage)${job.status === 'interrupted' || job.status === 'cancelled' ? '; Resume polls its batches again' : ''}` });
  lines.push({ label: 'Started', value: localTime(job.startedAt) });
  if (job.finishedAt) lines.push({ label: 'Finished', value: localTime(job.finishedAt) });
  if (job.error) lines.push({ label: 'Error', value: job.error });
  return lines;
}

/** The view's note when another process holds the write lock. */
export function readOnlyNote(owner: { holder: string; pid: number } | undefined): string {
  const who = owner ? `${owner.holder} (pid ${owner.pid})` : 'another process';
  return `Read-only: ${who} is writing this database. Refresh once it has finished to make changes here.`;
}

function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
