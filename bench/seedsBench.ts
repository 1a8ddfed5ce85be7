/**
 * `npm run bench:seeds`: peak memory of the real CLI (`node dist/cli.js`) verifying and running a ~50 MB seed file
 * of 200,000 seeds into a workspace database. The pipeline is one cheap non-LLM block (JSONValidatorBlock), so the
 * figures are the engine's and the store's, not a model's. Peak RSS is the child's VmHWM from /proc/<pid>/status
 * (Linux). Prints figures beside the ones measured before seeds were streamed; asserts nothing. `verify` holds the
 * file's text while it checks it; `run` checks it the same way, then lets the text go and reads each seed from a
 * snapshot of the file (16 bytes a seed kept: where it is and its checksum). To tell the engine's
 * share from the store's, the same job also runs in a child of this script through the engine alone (read the file,
 * check the seeds, runJob into a sink that only counts).
 * Flags: --seeds N (default 200000), --keep (leave the workspace for a look).
 * Internal: --engine-only <workspace> (the child).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parsePipeline } from '../src/core/pipeline/parsePipeline';
import { createBlockRegistry } from '../src/core/blocks/blockRegistry';
import { runJob } from '../src/core/run/jobRunner';
import type { UnitResult } from '../src/core/records/unitResult';
import { checkSeedFile } from '../src/core/seeds/checkSeedFile';
import { seedsReadFromFile } from '../src/core/seeds/fileSeedList';
import { executionOrder } from '../src/core/pipeline/executionOrder';
import type { LlmPort } from '../src/core/llm/llmTypes';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEEDS = flag('--seeds', 200_000);
const KEEP = args.includes('--keep');
const CLI = resolve(__dirname, '..', 'cli.js');
/** Measured on the code before this benchmark (55 MB, 200k seeds): verify 643 MB; run was killed past 1 GB. */
const BEFORE = { verifyMb: 643, runMb: 1024 };
const LIMIT_MB = 300;

const pipeline = {
  version: 1,
  name: 'Seeds bench',
  blocks: [{ id: 'check', type: 'JSONValidatorBlock', config: { field_name: 'answer' }, position: { x: 0, y: 0 } }],
  edges: [
    { source: 'start', target: 'check' },
    { source: 'check', target: 'end' },
  ],
};

/** ~260 bytes a seed, one seed a line, as exported datasets usually look. */
function seedLine(i: number): string {
  const text = `Seed number ${i} talks about topic ${i % 97}: ${'lorem ipsum dolor sit amet '.repeat(6)}`;
  return JSON.stringify({ repetitions: 1, metadata: { topic: `topic ${i % 97}`, text, answer: JSON.stringify({ score: i % 5, id: i }) } });
}

interface Measured {
  code: number | null;
  peakMb: number;
  seconds: number;
  tail: string;
}

/** Runs a Node script (the CLI), polling the child's VmHWM (peak resident set) until it exits. */
function measure(script: string, scriptArgs: string[], cwd: string): Promise<Measured> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...scriptArgs], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let peakKb = 0;
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-2000)));
    const poll = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, 'utf8')
        .then((status) => {
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
          if (kb > peakKb) peakKb = kb;
        })
        .catch(() => undefined);
    }, 20);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      done({ code, peakMb: peakKb / 1024, seconds: (performance.now() - started) / 1000, tail: output.trim().split('\n').slice(-3).join('\n') });
    });
  });
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(): Promise<void> {
  const ws = await mkdtemp(join(tmpdir(), 'dgf-seeds-bench-'));
  const lines: string[] = [];
  for (let i = 0; i < SEEDS; i++) lines.push(seedLine(i));
  const seedsText = `[\n${lines.join(',\n')}\n]\n`;
  lines.length = 0;
  await writeFile(join(ws, 'seeds.json'), seedsText);
  await writeFile(join(ws, 'p.dgf.json'), JSON.stringify(pipeline, null, 2));
  const fileBytes = (await stat(join(ws, 'seeds.json'))).size;
  console.log(`seed file: ${mb(fileBytes)}, ${SEEDS.toLocaleString('en-US')} seeds, pipeline: one JSONValidatorBlock (no LLM)`);

  // Where the memory goes: the text, held once, and the seed index beside it.
  const text = await readFile(join(ws, 'seeds.json'), 'utf8');
  const parsedPipeline = parsePipeline(JSON.stringify(pipeline), createBlockRegistry());
  const parsed = checkSeedFile(text, 'seeds.json', parsedPipeline.pipeline!, createBlockRegistry());
  // Node keeps a large one-byte string outside the V8 heap, so the text is counted by its length.
  const textBytes = Buffer.byteLength(text) === text.length ? text.length : text.length * 2;
  const lineCount = text.split('\n').length;
  console.log(
    `where the memory goes: verify: file text ${mb(textBytes)} (held once, ${text.length.toLocaleString('en-US')} chars), seed index ` +
      `${mb(parsed.seeds.length * 20 + lineCount * 4)} by its arrays (20 B a seed, 4 B a line); run: after the check, ` +
      `${mb(parsed.seeds.length * 16)} (16 B a seed) and a 1 MB read window instead of the text`,
  );

  const verify = await measure(CLI, ['verify', 'p.dgf.json', 'seeds.json'], ws);
  const engine = await measure(__filename, ['--engine-only', ws], ws);
  const run = await measure(CLI, ['run', 'p.dgf.json', '--seeds', 'seeds.json'], ws);
  const dbBytes = await stat(join(ws, '.datagenflow', 'datagenflow.db')).then(
    (s) => s.size,
    () => 0,
  );

  const row = (name: string, m: Measured, before: number) =>
    `${name.padEnd(7)} exit ${String(m.code).padEnd(3)} ${m.seconds.toFixed(1).padStart(6)} s  peak RSS ${m.peakMb.toFixed(0).padStart(5)} MB  ` +
    `before ${name === 'run' ? '>' : ' '}${before} MB  ratio ${(m.peakMb / before).toFixed(2)}  ${m.peakMb <= LIMIT_MB ? 'within' : 'OVER'} the ${LIMIT_MB} MB budget`;
  console.log(row('verify', verify, BEFORE.verifyMb));
  console.log(row('run', run, BEFORE.runMb));
  console.log(
    `engine  exit ${String(engine.code).padEnd(3)} ${engine.seconds.toFixed(1).padStart(6)} s  peak RSS ${engine.peakMb.toFixed(0).padStart(5)} MB  ` +
      `the same job without the store (${engine.tail}): the run's peak above this is the store's`,
  );
  console.log(`store: database file ${mb(dbBytes)} after the run (sql.js holds it in memory while the job runs, plus a snapshot copy when it writes one)`);
  if (verify.code !== 0) console.log(`verify said:\n${verify.tail}`);
  if (run.code !== 0) console.log(`run said:\n${run.tail}`);
  if (KEEP) console.log(`workspace kept: ${ws}`);
  else await rm(ws, { recursive: true, force: true });
}

/** The child: the job through the engine alone, the results only counted. */
async function engineOnly(ws: string): Promise<void> {
  const registry = createBlockRegistry();
  const pipelineFile = parsePipeline(await readFile(join(ws, 'p.dgf.json'), 'utf8'), registry).pipeline!;
  // As `run` does: the seeds are checked in the text, then read from the file while the job runs.
  const text = await readFile(join(ws, 'seeds.json'), 'utf8');
  const seeds = await seedsReadFromFile(checkSeedFile(text, 'seeds.json', pipelineFile, registry).seeds, text, join(ws, 'seeds.json'));
  let results = 0;
  const noLlm: LlmPort = {
    chat: () => Promise.reject(new Error('no LLM in this benchmark')),
    embed: () => Promise.reject(new Error('no LLM in this benchmark')),
  };
  const summary = await runJob({
    jobId: 'bench',
    blocks: executionOrder(pipelineFile),
    seeds,
    registry,
    llm: noLlm,
    sink: { write: async (_r: UnitResult) => void results++ },
    concurrency: 8,
  });
  seeds.release?.();
  console.log(`${summary.status}, ${results.toLocaleString('en-US')} results`);
}

const engineWorkspace = args.indexOf('--engine-only');
(engineWorkspace >= 0 ? engineOnly(args[engineWorkspace + 1]) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
