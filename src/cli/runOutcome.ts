import { cacheStatsText, type JobCacheStats } from '../core/cache/jobCacheStats';
import type { JobOutcome } from '../core/run/jobOutcome';
import type { TokenUsage } from '../core/llm/llmTypes';
import { EXIT } from './exitCodes';
import type { CliIo } from './engineSetup';

/**
 * The end of a run: a human summary on stderr, the JSON line on stdout when asked, the exit code. Both give the
 * job's state over every run first and this run's share apart, so a resumed job never reads as smaller than it is.
 */
export function reportOutcome(io: CliIo, outcome: JobOutcome, where: string, json: boolean, cache?: JobCacheStats): number {
  const responses = cache ? `responses: ${cacheStatsText(cache)}\n` : '';
  io.stderr.write(`${outcomeLine(outcome)}\n${responses}${outcome.reason && outcome.status !== 'cancelled' ? `${outcome.reason}\n` : ''}${where}\n`);
  if (json) io.stdout.write(`${JSON.stringify({ ...outcomeJson(outcome), ...(cache ? { responseCache: cache } : {}) })}\n`);
  return exitCode(outcome);
}

/**
 * `completed: 400 generated, 0 failed of 400 in 61.2 s; tokens in 1200 / out 800 / cached 0 — this run: 0 generated,
 * 0 failed, 400 already done, 0.1 s, tokens in 0 / out 0 / cached 0`.
 */
function outcomeLine(o: JobOutcome): string {
  const r = o.thisRun;
  const job = `${o.status}: ${o.generated} generated, ${o.failed} failed of ${o.total} in ${seconds(o.durationMs)}; ${tokens(o.usage)}`;
  const skipped = r.skipped ? `, ${r.skipped} already done` : '';
  return `${job} — this run: ${r.generated} generated, ${r.failed} failed${skipped}, ${seconds(r.durationMs)}, ${tokens(r.usage)}`;
}

/** The `--json` line: the job's fields, then `thisRun` (see README). */
function outcomeJson(o: JobOutcome): Record<string, unknown> {
  const { jobId, status, total, generated, failed, durationMs, usage, thisRun } = o;
  return { jobId, status, total, generated, failed, durationMs, usage, thisRun };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function tokens(u: TokenUsage): string {
  return `tokens in ${u.input_tokens} / out ${u.output_tokens} / cached ${u.cached_tokens}`;
}

/** The exit code says how the job stands after this run: failed units anywhere in it make a completed job exit 3. */
function exitCode(o: JobOutcome): number {
  switch (o.status) {
    case 'cancelled':
      return EXIT.cancelled;
    case 'stopped':
      return EXIT.stopped;
    case 'failed':
      return EXIT.couldNotRun;
    case 'completed':
      return o.failed > 0 ? EXIT.unitsFailed : EXIT.ok;
  }
}
