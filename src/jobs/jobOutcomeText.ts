import type { JobOutcome } from '../core/run/jobOutcome';
import { elapsed } from '../host/progressText';

/**
 * The end-of-run notification: the job's state over every run (what the Jobs view and Review show), then this
 * run's share, so a resumed job never reads as smaller than it is.
 * `DataGenFlow job 5 (QA) completed: 240 generated, 0 failed of 240 in 1:05 — this run: 208 generated, 0 failed, 32 already done, in 0:50`
 */
export function jobOutcomeText(pipelineName: string, o: JobOutcome): string {
  const r = o.thisRun;
  const job = `DataGenFlow job ${o.jobId} (${pipelineName}) ${o.status}: ${o.generated} generated, ${o.failed} failed of ${o.total} in ${elapsed(o.durationMs)}`;
  const skipped = r.skipped > 0 ? `, ${r.skipped} already done` : '';
  const run = ` — this run: ${r.generated} generated, ${r.failed} failed${skipped}, in ${elapsed(r.durationMs)}`;
  const reason = o.reason && o.status !== 'cancelled' ? ` — ${o.reason}` : '';
  return `${job}${run}${reason}`;
}
