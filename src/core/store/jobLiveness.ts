import { hostname } from 'node:os';
import { liveLockOwnerSync } from './durable/lockFile';
import type { StoredJob } from './jobQueries';
import type { RunnerInfo } from './storeOpTypes';
import type { JobRow, JobRun } from './storeTypes';

/** Whether the process running a job (absent: not recorded) is still running it. */
export type RunnerAlive = (runner: RunnerInfo | undefined) => boolean;

export const INTERRUPTED_REASON =
  'The process running this job stopped before the job finished (crash, kill or closed window). Resume the job to run the missing units.';

/** This process, as job rows name their runner. */
export function thisRunner(): RunnerInfo {
  return { pid: process.pid, hostname: hostname() };
}

/** Time of the job's current (or last) run up to its last sign of life; 0 when the run was not recorded. */
function runElapsedMs(run: JobRun): number {
  if (!run.startedAt || !run.activeAt) return 0;
  const ms = Date.parse(run.activeAt) - Date.parse(run.startedAt);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/**
 * The job as a reader should see it. A `running` job counts the time of its current run in `elapsedMs` (earlier
 * runs are already in the column), and one whose process is gone is `interrupted`: the status the next writer will
 * store, shown now, even by a read-only reader.
 */
export function presentJob<J extends JobRow>({ job, run }: StoredJob<J>, alive: RunnerAlive): J {
  if (job.status !== 'running') return job;
  const elapsedMs = run.startedAt ? (job.elapsedMs ?? 0) + runElapsedMs(run) : job.elapsedMs;
  if (alive(run.runner)) return { ...job, elapsedMs };
  return { ...job, status: 'interrupted', error: INTERRUPTED_REASON, elapsedMs };
}

/**
 * Liveness from the database's write lock: only the lock holder can be running a job (a writer that opens the
 * database marks every `running` job it finds as interrupted). So a job runs while the live lock holder is its
 * runner (any live holder, for jobs that recorded none); no live holder means nothing runs. A lock of another host
 * cannot be checked and counts as live.
 */
export function lockHolderLiveness(lockFile: string, self: RunnerInfo = thisRunner()): RunnerAlive {
  return (runner) => {
    if (runner && runner.pid === self.pid && runner.hostname === self.hostname) return true;
    const owner = liveLockOwnerSync(lockFile);
    if (!owner) return false;
    return !runner || (owner.pid === runner.pid && owner.hostname === runner.hostname);
  };
}
