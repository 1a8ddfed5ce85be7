import { randomBytes } from 'node:crypto';
import { basename, join, relative, resolve } from 'node:path';
import { executionOrder } from '../core/pipeline/executionOrder';
import { startJob } from '../core/run/jobLauncher';
import { runJob } from '../core/run/jobRunner';
import type { RunSummary } from '../core/run/runTypes';
import { readFile } from 'node:fs/promises';
import type { RunArgs } from './args';
import { checkEndpoints, createEngine, type CliIo, type Engine } from './engineSetup';
import { EXIT } from './exitCodes';
import { JsonlSink, succeededKeys } from './jsonlSink';
import { loadInputs, type LoadedInputs } from './loadInputs';
import { ProgressReporter } from './progressReporter';
import { reportOutcome } from './runOutcome';
import { databasePath, openStoreForCli } from './storeAccess';

/** `datagenflow run`: checks inputs and endpoints, runs the job into the workspace database (or --out JSONL). */
export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const engine = await createEngine(args, io);
  const inputs = await loadInputs(args.pipeline, args.seeds, engine.registry);
  for (const line of inputs.lines) io.stderr.write(`${line}\n`);
  if (!inputs.ok || !inputs.pipeline) {
    io.stderr.write('Not run: fix the errors above (datagenflow verify shows them too).\n');
    return EXIT.couldNotRun;
  }
  const unreachable = await checkEndpoints(engine, inputs.pipeline, io.interrupt);
  if (unreachable) {
    io.stderr.write(`${unreachable}\n`);
    return io.interrupt.aborted ? EXIT.cancelled : EXIT.couldNotRun;
  }
  return args.out ? runToJsonl(args, io, engine, inputs) : runToDatabase(args, io, engine, inputs);
}

async function runToDatabase(args: RunArgs, io: CliIo, engine: Engine, inputs: LoadedInputs): Promise<number> {
  const path = await databasePath(args.workspace, args.db);
  const opened = await openStoreForCli(path, io.stderr);
  if (opened.readOnly) {
    await opened.close();
    return EXIT.couldNotRun;
  }
  const progress = new ProgressReporter(io.stderr);
  try {
    const workspace = resolve(args.workspace);
    const { job, summary } = await startJob(
      { store: opened.store, registry: engine.registry, llm: engine.llm, settings: engine.settings, secrets: engine.secrets, log: (m) => io.stderr.write(`${m}\n`), signal: io.interrupt, onProgress: (p) => progress.update(p) },
      {
        pipelinePath: relative(workspace, resolve(args.pipeline)),
        pipelineText: await readFile(args.pipeline, 'utf8'),
        pipeline: inputs.pipeline!,
        seedsPath: relative(workspace, resolve(args.seeds)),
        seedsText: await readFile(args.seeds, 'utf8'),
        seeds: inputs.seeds,
      },
    );
    progress.finish();
    const hint = summary.status === 'completed' && summary.failed === 0 ? '' : `; resume with: datagenflow resume --job ${job.id}`;
    return reportOutcome(io, summary, job.id, `job ${job.id} in ${path}${hint}`, args.json);
  } finally {
    await opened.close();
  }
}

async function runToJsonl(args: RunArgs, io: CliIo, engine: Engine, inputs: LoadedInputs): Promise<number> {
  const pipeline = inputs.pipeline!;
  const jobId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const outPath = args.out ?? join(args.workspace, '.datagenflow', 'runs', `${basename(args.pipeline)}-${jobId}.jsonl`);
  const doneKeys = args.resume ? await succeededKeys(outPath) : undefined;
  const sink = await JsonlSink.open(outPath, jobId);
  const progress = new ProgressReporter(io.stderr);
  let summary: RunSummary;
  try {
    summary = await runJob({
      jobId,
      blocks: executionOrder(pipeline),
      constraints: pipeline.constraints,
      seeds: inputs.seeds,
      registry: engine.registry,
      llm: engine.llm,
      sink,
      concurrency: engine.settings.concurrency,
      signal: io.interrupt,
      doneKeys,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.finish();
    await sink.close();
  }
  return reportOutcome(io, summary, jobId, `records: ${outPath}`, args.json);
}
