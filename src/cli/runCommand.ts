import { relative, resolve } from 'node:path';
import { FirstMissCheck, type UnreachableEndpoint } from '../core/cache/firstMissCheck';
import { storedCacheStats } from '../core/cache/jobCacheStats';
import { batchJobMetadata, resumeBatchJob, startBatchJob } from '../core/batch/batchJobLauncher';
import type { WorkspaceStore } from '../core/store/workspaceStore';
import { contentHash, resumeJob, startJob, type NewRun } from '../core/run/jobLauncher';
import { releaseSeeds } from '../core/seeds/seedList';
import { shardLabel } from '../core/shard/shardSpec';
import { cliBatchLaunch, runsAsBatch } from './batchLaunch';
import { cliLaunchContext } from './cliLaunchContext';
import type { RunArgs } from './args';
import { checkEndpoints, createEngine, type CliIo, type Engine } from './engineSetup';
import { EXIT } from './exitCodes';
import { openJsonlOutput, refuseDatabaseFileAsOutput, type JsonlOutput } from './jsonlOutput';
import { loadValidInputs, type RunInputs } from './loadInputs';
import { ProgressReporter } from './progressReporter';
import { recordedSeedsReader } from './readSeedSource';
import { reportOutcome } from './runOutcome';
import { earlierShardJob, shardDatabasePath } from './shardRun';
import { databaseLocation, openStoreForCli } from './storeAccess';

/** `datagenflow run`: checks inputs and endpoints, runs the job into the workspace database (and, with --out, a JSONL file). */
export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const engine = await createEngine(args, io);
  // The run reads its seeds from a snapshot of the file: a 50 MB seed file's text is not held while the job runs.
  const inputs = await loadValidInputs(args, engine, io, 'Not run', true);
  if (!inputs) return EXIT.couldNotRun;
  try {
    return await runChecked(args, io, engine, inputs);
  } finally {
    releaseSeeds(inputs.seeds); // the seed file's snapshot
  }
}

async function runChecked(args: RunArgs, io: CliIo, engine: Engine, inputs: RunInputs): Promise<number> {
  // Replay is offline: it never calls an endpoint, so it does not ask whether one answers. A run that reuses stored
  // answers asks an endpoint only with its first miss (FirstMissCheck): a re-run sends only the requests it needs.
  const unreachable = engine.responseCache !== 'off' ? undefined : await checkEndpoints(engine, inputs.pipeline, io.interrupt);
  if (unreachable) {
    io.stderr.write(`${unreachable}\n`);
    return io.interrupt.aborted ? EXIT.cancelled : EXIT.couldNotRun;
  }
  return runIntoStore(args, io, engine, inputs);
}

/**
 * One path for every run: the job launcher with the durable store (secrets reach blocks, job-end hooks run, the
 * job can be listed, resumed and reviewed). `--out` also writes each result to a JSONL file once the store has it.
 */
async function runIntoStore(args: RunArgs, io: CliIo, engine: Engine, inputs: RunInputs): Promise<number> {
  // A shard writes its own database (refused, not replaced, if that file is something else), like --db.
  const { path, explicit } = args.shard && args.db === undefined ? { path: shardDatabasePath(args.workspace, args.pipeline, args.shard), explicit: true } : await databaseLocation(args.workspace, args.db);
  if (args.out !== undefined) refuseDatabaseFileAsOutput(resolve(args.out), args.out, path);
  const opened = await openStoreForCli(path, io.stderr, false, explicit);
  if (opened.readOnly) {
    if (args.out) io.stderr.write('run --out stores its job in the database too: give --db <file> to use another database while this one is in use.\n');
    await opened.close();
    return EXIT.couldNotRun;
  }
  const progress = new ProgressReporter(io.stderr);
  let output: JsonlOutput | undefined;
  // Reusing answers: the first miss of each endpoint is its check; one that is down stops the job (kept, resumable).
  let down: UnreachableEndpoint | undefined;
  const stop = new AbortController();
  const checked = engine.responseCache === 'reuse' ? new FirstMissCheck(engine.llm, engine.settings, (endpoint) => { down ??= endpoint; stop.abort(); }) : undefined;
  const runIo = checked ? { ...io, interrupt: AbortSignal.any([io.interrupt, stop.signal]) } : io;
  try {
    const workspace = resolve(args.workspace);
    // The texts loadInputs read and checked: the job hashes those, and a 50 MB seed file is not read twice.
    const { pipelineText } = inputs;
    const seedsPath = relative(workspace, resolve(args.seeds));
    const outPath = args.out === undefined ? undefined : resolve(args.out);
    if (args.out !== undefined && outPath !== undefined) {
      output = await openJsonlOutput(opened.store, { outPath, shownPath: args.out, resume: args.resume, pipelineText, seedsPath, databasePath: path });
      if (output.recovered > 0) io.stderr.write(`Appended ${output.recovered} record(s) to ${args.out} that the database held but the file lacked.\n`);
    }
    const sink = output?.sink;
    const ctx = cliLaunchContext(engine, opened.store, runIo, progress, sink, checked);
    const hash = inputs.seedsHash;
    // Run again (a scheduler's retry), a shard continues its earlier job rather than starting over.
    const continued = args.shard ? earlierShardJob(opened.store, args.shard, contentHash(pipelineText), hash)?.id : undefined;
    if (continued !== undefined) io.stderr.write(`Continuing job ${continued} of shard ${shardLabel(args.shard!)} in ${path}.\n`);
    const resumeJobId = output?.resumeJobId ?? continued;
    const readRecorded = recordedSeedsReader(workspace);
    // A batch job (--batch, or models with "batch": true) goes through the provider's Batch API, stage by stage.
    const start = (run: NewRun) => (runsAsBatch(args, engine, run.pipeline) ? startBatchJob(ctx, cliBatchLaunch(args, engine, path), run) : startJob(ctx, run));
    const { job, outcome } =
      resumeJobId !== undefined
        ? await (batchJobOf(opened.store, resumeJobId) ? resumeBatchJob(ctx, cliBatchLaunch(args, engine, path), resumeJobId, readRecorded) : resumeJob(ctx, resumeJobId, 'resume', readRecorded))
        : await start({
            pipelinePath: relative(workspace, resolve(args.pipeline)),
            pipelineText,
            pipeline: inputs.pipeline,
            seedsPath,
            seedsHash: hash,
            seeds: inputs.seeds,
            ...(args.shard ? { shard: args.shard } : {}),
            ...(outPath || args.rerunOf !== undefined ? { metadata: { ...(outPath ? { out: outPath } : {}), ...(args.rerunOf !== undefined ? { rerunOf: args.rerunOf } : {}) } } : {}),
          });
    progress.finish();
    const hint = outcome.status === 'completed' && outcome.failed === 0
      ? ''
      : outcome.status === 'stopped'
        ? '; the limit counts the whole job: start a new job with a higher limit to generate more'
        : args.shard
          ? '; run the same command again to continue this shard'
          : `; resume with: datagenflow resume --job ${job.id}`;
    const where = `${args.out ? `records: ${args.out}; ` : ''}job ${job.id} in ${path}${hint}`;
    const code = reportOutcome(io, outcome, where, args.json, storedCacheStats(job.metadata));
    if (!down || io.interrupt.aborted) return code;
    io.stderr.write(`Could not run: the endpoint of model '${down.modelName}' (${down.baseUrl}) does not answer: ${down.error.message}\n`);
    return EXIT.couldNotRun;
  } finally {
    await output?.sink.close();
    await opened.close();
  }
}

/** Whether the job continued by `--out … --resume` or a shard's rerun is a batch job (it goes on as one). */
function batchJobOf(store: WorkspaceStore, jobId: number): boolean {
  const job = store.jobRow(jobId);
  return job !== undefined && batchJobMetadata(job) !== undefined;
}
