import { isAbsolute, join, resolve } from 'node:path';
import type { RerunArgs } from './args';
import type { CliIo } from './engineSetup';
import { EXIT } from './exitCodes';
import { loadSettings } from './workspaceSettings';
import { runCommand } from './runCommand';
import { databaseLocation, openStoreForCli } from './storeAccess';

/**
 * `datagenflow rerun --job <id>`: the pipeline file as it is now, over the seeds the job ran, as a new job that
 * reuses every stored answer whose request did not change (replay when --response-cache or the setting says so).
 */
export async function rerunCommand(args: RerunArgs, io: CliIo): Promise<number> {
  const { path, explicit } = await databaseLocation(args.workspace, args.db);
  const opened = await openStoreForCli(path, io.stderr, true, explicit);
  let job;
  try {
    job = opened.store.getJob(args.job);
  } finally {
    await opened.close();
  }
  if (!job) {
    io.stderr.write(`There is no job ${args.job} in ${path}. 'datagenflow jobs' lists the jobs.\n`);
    return EXIT.couldNotRun;
  }
  if (!job.seedsPath) {
    io.stderr.write(`Job ${job.id} has no seed file recorded, so it cannot be re-run.\n`);
    return EXIT.couldNotRun;
  }
  const workspace = resolve(args.workspace);
  const inWorkspace = (p: string) => (isAbsolute(p) ? p : join(workspace, p));
  const configured = (await loadSettings(args.workspace)).responseCache;
  const responseCache = args.responseCache ?? (configured === 'replay' ? 'replay' : 'reuse');
  io.stderr.write(`Re-running job ${job.id}: ${job.pipelinePath} as it is now over ${job.seedsPath}, stored answers: ${responseCache}.\n`);
  return runCommand({ ...args, command: 'run', pipeline: inWorkspace(job.pipelinePath), seeds: inWorkspace(job.seedsPath), resume: false, responseCache, rerunOf: job.id }, io);
}
