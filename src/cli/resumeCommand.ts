import { resolve } from 'node:path';
import { storedCacheStats } from '../core/cache/jobCacheStats';
import { batchJobMetadata, resumeBatchJob } from '../core/batch/batchJobLauncher';
import { resumeJob, SeedProblemsError } from '../core/run/jobLauncher';
import { formatProblem } from '../core/problems';
import type { ResumeArgs } from './args';
import { checkEndpoints, createEngine, type CliIo } from './engineSetup';
import { EXIT } from './exitCodes';
import { continueJobOutput } from './jsonlOutput';
import { ProgressReporter } from './progressReporter';
import { recordedSeedsReader } from './readSeedSource';
import { cliBatchLaunch } from './batchLaunch';
import { cliLaunchContext } from './cliLaunchContext';
import { reportOutcome } from './runOutcome';
import { databaseLocation, openStoreForCli } from './storeAccess';

/** `datagenflow resume|retry --job <id>`: runs the job's missing (or failed) units with the pipeline it ran. */
export async function resumeCommand(args: ResumeArgs, io: CliIo): Promise<number> {
  const engine = await createEngine(args, io);
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const opened = await openStoreForCli(path, io.stderr, false, explicit);
  try {
    if (opened.readOnly) return EXIT.couldNotRun;
    const job = opened.store.getJob(args.job);
    if (!job) {
      io.stderr.write(`There is no job ${args.job} in ${path}. 'datagenflow jobs' lists the jobs.\n`);
      return EXIT.couldNotRun;
    }
    const unreachable = engine.responseCache === 'replay' ? undefined : await checkEndpoints(engine, job.pipelineSnapshot, io.interrupt);
    if (unreachable) {
      io.stderr.write(`${unreachable}\n`);
      return io.interrupt.aborted ? EXIT.cancelled : EXIT.couldNotRun;
    }
    const workspace = resolve(args.workspace);
    const progress = new ProgressReporter(io.stderr);
    // A job started with `run --out` keeps writing its JSONL file, whichever command continues it.
    const out = typeof job.metadata.out === 'string' ? job.metadata.out : undefined;
    const output = out ? await continueJobOutput(opened.store, job.id, out) : undefined;
    if (output?.recovered) io.stderr.write(`Appended ${output.recovered} record(s) to ${out} that the database held but the file lacked.\n`);
    try {
      const ctx = cliLaunchContext(engine, opened.store, io, progress, output?.sink);
      const readSeeds = recordedSeedsReader(workspace);
      // A batch job resumes in batch mode: its batches are polled again and only what is missing is asked; retry runs failed units online.
      const { job: finished, outcome } =
        args.command === 'resume' && batchJobMetadata(job)
          ? await resumeBatchJob(ctx, cliBatchLaunch(args, engine, path), args.job, readSeeds)
          : await resumeJob(ctx, args.job, args.command === 'retry' ? 'retry-failed' : 'resume', readSeeds);
      progress.finish();
      return reportOutcome(io, outcome, `${out ? `records: ${out}; ` : ''}job ${args.job} in ${path}`, args.json, storedCacheStats(finished.metadata));
    } catch (e) {
      if (e instanceof SeedProblemsError) {
        for (const p of e.problems) io.stderr.write(`${formatProblem(e.file, p)}\n`);
      }
      throw e;
    } finally {
      await output?.sink.close();
    }
  } finally {
    await opened.close();
  }
}
