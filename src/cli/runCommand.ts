import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { createBlockRegistry } from '../core/blocks/blockRegistry';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import type { DataGenFlowSettings } from '../core/config/settings';
import { OpenAiLlmClient } from '../core/llm/openAiClient';
import { executionOrder } from '../core/pipeline/executionOrder';
import type { PipelineFile } from '../core/pipeline/pipelineTypes';
import { runJob } from '../core/run/jobRunner';
import type { RunSummary } from '../core/run/runTypes';
import type { RunArgs } from './args';
import { environmentKeys } from './envKeys';
import { EXIT } from './exitCodes';
import { JsonlSink, succeededKeys } from './jsonlSink';
import { loadInputs } from './loadInputs';
import { ProgressReporter } from './progressReporter';
import { loadSettings } from './workspaceSettings';

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** Fires on Ctrl+C. */
  interrupt: AbortSignal;
}

/** `datagenflow run`: checks the inputs and the endpoint, runs the job, writes JSONL, maps the outcome to an exit code. */
export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const registry = createBlockRegistry();
  const inputs = await loadInputs(args.pipeline, args.seeds, registry);
  for (const line of inputs.lines) io.stderr.write(`${line}\n`);
  if (!inputs.ok || !inputs.pipeline) {
    io.stderr.write('Not run: fix the errors above (datagenflow verify shows them too).\n');
    return EXIT.couldNotRun;
  }
  const pipeline = inputs.pipeline;
  const settings = await loadSettings(args.workspace, args);
  const llm = new OpenAiLlmClient({
    settings,
    keys: environmentKeys(),
    onEvent: (e) => {
      if (e.type === 'retry') io.stderr.write(`\nretry ${e.attempt} (${e.kind}) in ${Math.round(e.delayMs)} ms: ${e.message}\n`);
    },
  });

  const unreachable = await checkEndpoints(llm, pipeline, registry, settings, io.interrupt);
  if (unreachable) {
    io.stderr.write(`${unreachable}\n`);
    return io.interrupt.aborted ? EXIT.cancelled : EXIT.couldNotRun;
  }

  const jobId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const outPath = args.out ?? join(args.workspace, '.datagenflow', 'runs', `${slug(pipeline.name || basename(args.pipeline))}-${jobId}.jsonl`);
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
      registry,
      llm,
      sink,
      concurrency: settings.concurrency,
      signal: io.interrupt,
      doneKeys,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.finish();
    await sink.close();
  }
  io.stderr.write(describeOutcome(summary, outPath));
  if (args.json) {
    const { status, total, succeeded, failed, elapsedMs, usage } = summary;
    io.stdout.write(`${JSON.stringify({ jobId, status, total, generated: succeeded, failed, durationMs: Math.round(elapsedMs), usage, out: outPath })}\n`);
  }
  return exitCode(summary);
}

/** The models the pipeline uses, each asked once; a message naming the first that does not answer. */
async function checkEndpoints(
  llm: OpenAiLlmClient,
  pipeline: PipelineFile,
  registry: BlockRegistry,
  settings: DataGenFlowSettings,
  signal: AbortSignal,
): Promise<string | undefined> {
  const names = new Set<string | undefined>();
  for (const block of pipeline.blocks) {
    const definition = registry.get(block.type);
    if (!definition || !('model' in definition.configSchema.properties)) continue;
    const model = block.config.model;
    names.add(typeof model === 'string' && model.trim() !== '' ? model.trim() : undefined);
  }
  for (const name of names) {
    let result;
    try {
      result = await llm.testConnection(name, signal);
    } catch (e) {
      return `Could not run: ${(e as Error).message}`;
    }
    if (!result.ok) {
      const which = name ?? settings.defaultModel ?? 'the default model';
      return `Could not run: the endpoint of model '${which}' does not answer: ${result.error.message}`;
    }
  }
  return undefined;
}

function describeOutcome(s: RunSummary, outPath: string): string {
  const skipped = s.skipped ? `, ${s.skipped} already done` : '';
  const head = `${s.status}: ${s.succeeded} generated, ${s.failed} failed of ${s.total}${skipped} in ${(s.elapsedMs / 1000).toFixed(1)} s`;
  const tokens = `tokens in ${s.usage.input_tokens} / out ${s.usage.output_tokens} / cached ${s.usage.cached_tokens}`;
  return `${head}; ${tokens}\n${s.reason && s.status !== 'cancelled' ? `${s.reason}\n` : ''}records: ${outPath}\n`;
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

function slug(name: string): string {
  return name.toLowerCase().replace(/\.dgf\.json$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
}
