import { join, relative, resolve } from 'node:path';
import { withResponseCache } from '../core/cache/responseCache';
import type { TokenUsage } from '../core/llm/llmTypes';
import { nodeTryFiles } from '../core/try/nodeTryFiles';
import { tryErrorSource, type FilePosition } from '../core/try/tryErrorSource';
import { trySeed } from '../core/try/trySeed';
import { TRIES_KEPT, TryStore } from '../core/try/tryStore';
import type { TryBlockResult, TryError, TryRecord } from '../core/try/tryTypes';
import type { TryArgs } from './args';
import { createEngine, type CliIo } from './engineSetup';
import { EXIT } from './exitCodes';
import { loadValidInputs } from './loadInputs';

/**
 * `datagenflow try`: one seed through the pipeline with the engine's try (src/core/try, as "Try this seed" in VS
 * Code): each block's output, duration and tokens as it finishes, an error at its block and template line
 * (`file:line:col`). A try is not a job: nothing goes to the database; it is kept with the pipeline's last tries in
 * `.datagenflow/tries/` (the Try panel shows them too). Stored answers are reused as the panel reuses them.
 */
export async function tryCommand(args: TryArgs, io: CliIo): Promise<number> {
  const engine = await createEngine(args, io);
  const inputs = await loadValidInputs(args, engine, io, 'Not tried');
  if (!inputs) return EXIT.couldNotRun;
  const seed = inputs.seeds.at(args.seedIndex);
  if (!seed) {
    io.stderr.write(`${args.seeds} has no seed ${args.seedIndex + 1} (it has ${inputs.seeds.length} usable seeds).\n`);
    return EXIT.couldNotRun;
  }
  const workspace = resolve(args.workspace);
  const pipelinePath = relative(workspace, resolve(args.pipeline));
  // As the Try panel: stored answers are reused (edit the last prompt: only that block calls); replay stays offline.
  const mode = args.responseCache ?? (engine.settings.responseCache === 'replay' ? 'replay' : 'reuse');
  const llm = withResponseCache(engine.llm, { workspaceRoot: workspace, settings: engine.settings, mode, onWarning: (m) => io.stderr.write(`warning: ${m}\n`) });
  const record = await trySeed({
    pipeline: inputs.pipeline,
    seed,
    seedIndex: args.seedIndex,
    registry: engine.registry,
    llm,
    signal: io.interrupt,
    renderLimits: engine.settings.templates,
    secrets: engine.secrets,
    onEvent: (event) => {
      if (args.json) return;
      if (event.type === 'started') io.stdout.write(`Try of ${pipelinePath}, ${event.record.seedLabel} of ${args.seeds}\n`);
      else if (event.type === 'block') io.stdout.write(blockText(event.block));
    },
  });
  await new TryStore(nodeTryFiles(join(workspace, '.datagenflow', 'tries'))).add(pipelinePath, record);
  const source = record.error ? tryErrorSource(inputs.pipelineText, record.error, engine.registry) : undefined;
  if (args.json) {
    io.stdout.write(`${JSON.stringify({ pipelinePath, ...record, ...(source ? { errorSource: { path: args.pipeline, ...source } } : {}) })}\n`);
  } else {
    if (record.error) io.stderr.write(`${errorLine(args.pipeline, source, record.error)}\n`);
    io.stdout.write(`${summaryLine(record)}\nKept with the last ${TRIES_KEPT} tries of ${pipelinePath} in .datagenflow/tries (not a job: no database, no export).\n`);
  }
  return record.status === 'succeeded' ? EXIT.ok : record.status === 'cancelled' ? EXIT.cancelled : EXIT.unitsFailed;
}

/** `✓ ask (TextGenerator)  412 ms  tokens in 30 / out 12  reused`, then the block's output, indented. */
function blockText(block: TryBlockResult): string {
  const head = [`${block.error ? '✗' : '✓'} ${block.blockId} (${block.blockType})`, duration(block.durationMs), ...(block.usage ? [tokens(block.usage)] : []), ...(block.reused ? ['reused'] : [])].join('  ');
  const body = block.output === null ? '' : `${JSON.stringify(block.output, null, 2).replace(/^/gm, '  ')}\n`;
  return `${head}\n${body}`;
}

/** `p.dgf.json:14:37: error: Block 'grade' (TextGenerator), user_prompt: … (user_prompt line 1, column 19)`. */
function errorLine(pipeline: string, at: FilePosition | undefined, error: TryError): string {
  const inTemplate = error.field !== undefined && error.line !== undefined ? ` (${error.field} line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ''})` : '';
  const message = /\(line \d+, column \d+\)/.test(error.message) ? error.message : `${error.message}${inTemplate}`;
  return at ? `${pipeline}:${at.line}:${at.column}: error: ${message}` : `error: ${message}`;
}

function summaryLine(record: TryRecord): string {
  return `${record.status} in ${duration(record.durationMs)}; ${tokens(record.usage)}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function tokens(u: TokenUsage): string {
  return `tokens in ${u.input_tokens} / out ${u.output_tokens}`;
}
