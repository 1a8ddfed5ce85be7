import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { resumeJob, SeedProblemsError } from '../core/run/jobLauncher';
import { formatProblem } from '../core/problems';
import type { ResumeArgs } from './args';
import { checkEndpoints, createEngine, type CliIo } from './engineSetup';
import { EXIT } from './exitCodes';
import { ProgressReporter } from './progressReporter';
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
    const unreachable = await checkEndpoints(engine, job.pipelineSnapshot, io.interrupt);
    if (unreachable) {
      io.stderr.write(`${unreachable}\n`);
      return io.interrupt.aborted ? EXIT.cancelled : EXIT.couldNotRun;
    }
    const workspace = resolve(args.workspace);
    const progress = new ProgressReporter(io.stderr);
    try {
      const { outcome } = await resumeJob(
        { store: opened.store, registry: engine.registry, llm: engine.llm, settings: engine.settings, secrets: engine.secrets, log: (m) => io.stderr.write(`${m}\n`), signal: io.interrupt, onProgress: (p) => progress.update(p) },
        args.job,
        args.command === 'retry' ? 'retry-failed' : 'resume',
        (seedsPath) => readFile(isAbsolute(seedsPath) ? seedsPath : join(workspace, seedsPath), 'utf8'),
      );
      progress.finish();
      return reportOutcome(io, outcome, `job ${args.job} in ${path}`, args.json);
    } catch (e) {
      if (e instanceof SeedProblemsError) {
        for (const p of e.problems) io.stderr.write(`${formatProblem(e.file, p)}\n`);
      }
      throw e;
    }
  } finally {
    await opened.close();
  }
}
