import type { RunSummary } from '../core/run/runTypes';
import { EXIT } from './exitCodes';
import type { CliIo } from './engineSetup';

/** The end of a run: a human summary on stderr, the JSON line on stdout when asked, the exit code. */
export function reportOutcome(io: CliIo, summary: RunSummary, jobId: string | number, where: string, json: boolean): number {
  const s = summary;
  const skipped = s.skipped ? `, ${s.skipped} already done` : '';
  const head = `${s.status}: ${s.succeeded} generated, ${s.failed} failed of ${s.total}${skipped} in ${(s.elapsedMs / 1000).toFixed(1)} s`;
  const tokens = `tokens in ${s.usage.input_tokens} / out ${s.usage.output_tokens} / cached ${s.usage.cached_tokens}`;
  io.stderr.write(`${head}; ${tokens}\n${s.reason && s.status !== 'cancelled' ? `${s.reason}\n` : ''}${where}\n`);
  if (json) {
    const { status, total, succeeded, failed, elapsedMs, usage } = s;
    io.stdout.write(`${JSON.stringify({ jobId, status, total, generated: succeeded, failed, durationMs: Math.round(elapsedMs), usage })}\n`);
  }
  return exitCode(s);
}

function exitCode(s: RunSummary): number {
  switch (s.status) {
    case 'cancelled':
      return EXIT.cancelled;
    case 'stopped':
      return EXIT.stopped;
    case 'failed':
      return EXIT.couldNotRun;
    case 'completed':
      return s.failed > 0 ? EXIT.unitsFailed : EXIT.ok;
  }
}
