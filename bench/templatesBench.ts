/**
 * `npm run bench:templates`: what rendering off the main thread costs and what it buys. Prints figures; asserts
 * nothing. Flags: --units N (units of the budget-hitting job, default 6), --renders N (renders per overhead run,
 * default 4000).
 *
 * [1] A job run the user's way (the CLI's `run` into the workspace database, real blocks against a fake server in a
 *     worker thread) whose template goes over the 2 s time budget on every unit: the LONGEST event-loop block of
 *     this process while it runs (perf_hooks.monitorEventLoopDelay max), beside the same kind of template rendered
 *     in-thread (as before the render pool), which blocks the loop for its whole run.
 * [2] The worker hop on an ordinary template: renders/s through the pool (one at a time, and 32 in flight, as a job
 *     at concurrency 32 asks) against the same checks and render in-thread, side by side as a ratio.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseCliArgs, type RunArgs } from '../src/cli/args';
import { runCommand } from '../src/cli/runCommand';
import { DEFAULT_RENDER_LIMITS } from '../src/core/templates/renderLimits';
import { LimitedRenderer } from '../src/core/templates/renderWithLimits';
import { createTemplateEnvironment } from '../src/core/templates/templateEnvironment';
import { TemplateRenderer } from '../src/core/templates/templateRenderer';
import { templateVariables } from '../src/core/templates/templateVariables';
import { ThreadedFakeServer } from './threadedFakeServer';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const UNITS = flag('--units', 6);
const RENDERS = flag('--renders', 4000);
const loops = '{% for i in range(n) %}{% for j in range(n) %}x{% endfor %}{% endfor %}';
const ms = (ns: number) => (ns / 1e6).toFixed(1);

async function cliJob(n: number, label: string): Promise<void> {
  const server = await ThreadedFakeServer.start({ latencyMs: 20 });
  const ws = await mkdtemp(join(tmpdir(), 'dgf-bench-templates-'));
  const pipeline = {
    version: 1,
    name: 'Budget bench',
    blocks: [
      { id: 'question', type: 'TextGenerator', config: { user_prompt: 'Ask about {{ topic }}' }, position: { x: 0, y: 0 } },
      { id: 'answer', type: 'TextGenerator', config: { user_prompt: `Answer: {{ assistant }}${loops}` }, position: { x: 0, y: 100 } },
    ],
    edges: [
      { source: 'start', target: 'question' },
      { source: 'question', target: 'answer' },
      { source: 'answer', target: 'end' },
    ],
  };
  await writeFile(join(ws, 'p.dgf.json'), JSON.stringify(pipeline, null, 2));
  await writeFile(join(ws, 'seeds.json'), JSON.stringify([{ repetitions: UNITS, metadata: { topic: 'tea', n } }]));
  await mkdir(join(ws, '.vscode'));
  await writeFile(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'datagenflow.concurrency': 4 }));

  const cwd = process.cwd();
  process.chdir(ws);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const gaps = new TickGaps();
  histogram.enable();
  const start = performance.now();
  let code: number;
  const writeOut = process.stdout.write.bind(process.stdout);
  let summary = '';
  // `run --json` prints its summary on stdout: keep it for the figures instead of showing it.
  process.stdout.write = ((chunk: string | Uint8Array) => ((summary += String(chunk)), true)) as typeof process.stdout.write;
  try {
    // The `run` command itself (its argument parsing, settings, endpoint check, job launcher, workspace database).
    const runArgs = parseCliArgs(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--base-url', server.baseUrl, '--json']) as RunArgs;
    code = await runCommand(runArgs, { stdout: process.stdout, stderr: process.stderr, interrupt: new AbortController().signal });
  } finally {
    process.stdout.write = writeOut;
    histogram.disable();
    gaps.stop();
    process.chdir(cwd);
  }
  const wall = performance.now() - start;
  const parsed = JSON.parse(summary.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  await server.close();
  console.log(
    `${label}: exit ${code}, ` +
      `${JSON.stringify({ status: parsed.status, generated: parsed.generated ?? parsed.succeeded, failed: parsed.failed })} in ${(wall / 1000).toFixed(1)} s`,
  );
  console.log(
    `    event loop of this process: monitorEventLoopDelay max ${ms(histogram.max)} ms, p99 ${ms(histogram.percentile(99))} ms, mean ${ms(histogram.mean)} ms; ` +
      `longest gap between 5 ms ticks ${gaps.longest().toFixed(0)} ms (${gaps.top(3)}; load average ${loadavg()[0].toFixed(1)})`,
  );
}

async function budgetJob(): Promise<void> {
  await cliJob(100000, `[1] CLI run, ${UNITS} units, every render over the ${DEFAULT_RENDER_LIMITS.timeoutMs} ms budget (concurrency 4, 2 render workers)`);
  await cliJob(2, `    the same job with n = 2 (no budget hit), for comparison`);

  // The same kind of template rendered in-thread (n = 400: 160,000 iterations, so it ends): the loop is blocked for all of it.
  const inThread = new LimitedRenderer(createTemplateEnvironment(DEFAULT_RENDER_LIMITS.maxBytes), Number.MAX_SAFE_INTEGER);
  const blocked = new TickGaps();
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  inThread.render(`Answer: {{ assistant }}${loops}`, { assistant: 'a', n: 400 });
  const renderMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50));
  blocked.stop();
  console.log(`    in-thread (before the pool), a 160,000-iteration render of it: ${renderMs.toFixed(0)} ms, longest gap between ticks ${blocked.longest().toFixed(0)} ms (the 100,000 × 100,000 one would block for hours)`);
}

/** The longest gaps between ticks of a 5 ms interval: how long the event loop could not run anything. */
class TickGaps {
  private readonly gaps: { ms: number; at: number }[] = [];
  private last = performance.now();
  private readonly started = this.last;
  private readonly timer = setInterval(() => {
    const now = performance.now();
    this.gaps.push({ ms: now - this.last, at: now - this.started });
    this.last = now;
  }, 5);

  stop(): void {
    clearInterval(this.timer);
  }

  longest(): number {
    return Math.max(0, ...this.gaps.map((g) => g.ms));
  }

  top(n: number): string {
    const top = [...this.gaps].sort((a, b) => b.ms - a.ms).slice(0, n);
    return `top ${top.map((g) => `${g.ms.toFixed(0)} ms at ${(g.at / 1000).toFixed(1)} s`).join(', ')}`;
  }
}

async function overhead(): Promise<void> {
  const source = 'You write quiz questions about {{ topic }} for {{ audience }} (#{{ n }}). Context: {{ context | truncate(200) }}';
  const state = (n: number) => ({ topic: `topic ${n % 50}`, audience: 'students', n, context: 'lorem ipsum '.repeat(40), assistant: 'An earlier answer. '.repeat(20) });
  const inThread = new LimitedRenderer(createTemplateEnvironment(DEFAULT_RENDER_LIMITS.maxBytes), DEFAULT_RENDER_LIMITS.maxBytes);
  // The renderer before the pool: the variable check (cached) and the render, on the calling thread.
  const renderInThread = (n: number) => {
    templateVariables(source);
    const r = inThread.render(source, state(n));
    if (!r.ok) throw new Error(r.message);
    return r.text;
  };
  const pool = new TemplateRenderer();
  for (let i = 0; i < 500; i++) renderInThread(i);
  await Promise.all(Array.from({ length: 500 }, (_, i) => pool.render(source, state(i)))); // warm-up: workers, JIT

  const rate = (count: number, msTaken: number) => count / (msTaken / 1000);
  let t = performance.now();
  for (let i = 0; i < RENDERS; i++) renderInThread(i);
  const inThreadRate = rate(RENDERS, performance.now() - t);
  t = performance.now();
  for (let i = 0; i < RENDERS; i++) await pool.render(source, state(i));
  const sequentialRate = rate(RENDERS, performance.now() - t);
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < RENDERS) await pool.render(source, state(next++));
    }),
  );
  const concurrentRate = rate(RENDERS, performance.now() - t);
  await pool.close();
  const f = (n: number) => n.toFixed(0);
  console.log(`[2] an ordinary template (${RENDERS} renders): in-thread ${f(inThreadRate)} renders/s (${(1e6 / inThreadRate).toFixed(0)} µs each)`);
  console.log(`    worker pool, one at a time: ${f(sequentialRate)} renders/s (${(1e6 / sequentialRate).toFixed(0)} µs each) -> ratio ${(sequentialRate / inThreadRate).toFixed(2)} of in-thread`);
  console.log(`    worker pool, 32 in flight: ${f(concurrentRate)} renders/s (${(1e6 / concurrentRate).toFixed(0)} µs each) -> ratio ${(concurrentRate / inThreadRate).toFixed(2)} of in-thread`);
}

async function mainBench() {
  console.log(`templates benchmark, node ${process.version}\n`);
  await budgetJob();
  await overhead();
}

mainBench().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
