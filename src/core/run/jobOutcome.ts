import { usageSince, type TokenUsage } from '../llm/llmTypes';
import type { JobRow } from '../store/storeTypes';
import type { RunStatus, RunSummary } from './runTypes';

/** What one run (start, resume or retry) of a job did. */
export interface RunCounts {
  /** Units this run produced a record for. */
  generated: number;
  failed: number;
  /** Units done in earlier runs, not run again. */
  skipped: number;
  durationMs: number;
  usage: TokenUsage;
}

/**
 * How a run ended, told as the job's state (every run of it) with this run's share apart: a resumed job that was
 * already complete says 400 generated of 400, and this run 0.
 */
export interface JobOutcome {
  jobId: number;
  /** The job's status, which this run set. */
  status: RunStatus;
  reason?: string;
  total: number;
  generated: number;
  failed: number;
  /** Time spent running, over every run of the job. */
  durationMs: number;
  usage: TokenUsage;
  thisRun: RunCounts;
}

/** What the job had spent before this run began (zero for a new job). */
export interface EarlierRuns {
  usage?: TokenUsage;
  elapsedMs?: number;
}

/** The outcome from the job as stored once the run finished, and the run's summary (whose totals include earlier runs). */
export function jobOutcome(job: JobRow, summary: RunSummary, earlier: EarlierRuns = {}): JobOutcome {
  const thisRunUsage = usageSince(summary.usage, earlier.usage);
  return {
    jobId: job.id,
    status: summary.status,
    ...(summary.reason ? { reason: summary.reason } : {}),
    total: Math.max(job.total, summary.total),
    generated: job.generated,
    failed: job.failed,
    durationMs: Math.round(job.elapsedMs ?? summary.elapsedMs),
    usage: job.usage,
    thisRun: {
      generated: summary.succeeded,
      failed: summary.failed,
      skipped: summary.skipped,
      durationMs: Math.max(0, Math.round(summary.elapsedMs - (earlier.elapsedMs ?? 0))),
      usage: thisRunUsage,
    },
  };
}
