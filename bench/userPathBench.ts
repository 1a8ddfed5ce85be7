/**
 * `npm run bench:userpath`: the path a user runs, measured end to end. The CLI's and Generate's job launcher
 * (startJob) runs the built-in "JSON Generation" template (StructuredGenerator with `json_schema`, then
 * JSONValidator) into a durable workspace store in a temporary folder, against a fake OpenAI-compatible server with
 * a fixed latency. The server runs in a child process, so `process.cpuUsage()` here counts only the user's path
 * (this thread, the render workers, GC and file I/O threads). Prints figures; asserts nothing.
 *
 * Flags: --records N (records at 50 ms, default 2000), --records-200 N (at 200 ms, default 1000),
 * --concurrency N (default 32), --no-profile (skip the profiled run that splits CPU by stage).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAI } from 'openai';
import { createBlockRegistry } from '../src/core/blocks/blockRegistry';
import { HttpTransport } from '../src/core/llm/httpTransport';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../src/core/llm/openAiClient';
import { parsePipeline } from '../src/core/pipeline/parsePipeline';
import type { PipelineFile } from '../src/core/pipeline/pipelineTypes';
import { startJob } from '../src/core/run/jobLauncher';
import { checkSeedFile } from '../src/core/seeds/checkSeedFile';
import type { ParsedSeeds } from '../src/core/seeds/seedTypes';
import { DurableDatabase } from '../src/core/store/durableDatabase';
import { openWorkspaceStore } from '../src/core/store/openWorkspaceStore';
import { TemplateRenderer } from '../src/core/templates/templateRenderer';
import { mb, printTable, RssSampler, type TableRow } from './benchStats';
import { startCpuProfile, type ProfileSummary, type Stage } from './cpuProfileStages';
import { ProcessFakeServer } from './processFakeServer';
import { threadCpuByName, threadCpuSince } from './threadCpu';
import { seedsHash } from '../src/core/seeds/seedsHash';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RECORDS_50 = flag('--records', 2000);
const RECORDS_200 = flag('--records-200', 1000);
const CONCURRENCY = flag('--concurrency', 32);
const PROFILE = !args.includes('--no-profile');
const TOP_FUNCTIONS = flag('--top-functions', 0);
const PROFILE_ONLY = args.includes('--profile-only');
const TEMPLATE = 'templates/json_generation.dgf.json';
const TEMPLATE_SEEDS = 'templates/json_generation.seeds.json';

interface Inputs {
  pipelineText: string;
  pipeline: PipelineFile;
  seedsText: string;
  seeds: ParsedSeeds['seeds'];
  prompt: string;
}

interface PathFigures {
  records: number;
  wallMs: number;
  cpuMs: number;
  closeMs: number;
  failed: number;
  stored: number;
  peakRss: number;
  heapUsed: number;
  journalBytes: number;
  snapshotBytes: number;
  flushes: number;
  /** CPU ms by thread name over the run (threads that ended before its end are missing: Linux only). */
  threads: Map<string, number>;
  profile?: ProfileSummary;
}

/** The template's pipeline, and `records` seeds made from its example seeds (each text made distinct). */
async function loadInputs(records: number): Promise<Inputs> {
  const registry = createBlockRegistry();
  const pipelineText = await readFile(TEMPLATE, 'utf8');
  const parsed = parsePipeline(pipelineText, registry);
  if (!parsed.pipeline) throw new Error(`${TEMPLATE}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  const examples = JSON.parse(await readFile(TEMPLATE_SEEDS, 'utf8')) as { metadata: { content: string } }[];
  const seedsText = JSON.stringify(
    Array.from({ length: records }, (_, n) => ({ repetitions: 1, metadata: { content: `${examples[n % examples.length].metadata.content} (#${n})` } })),
    null,
    2,
  );
  const seeds = checkSeedFile(seedsText, 'bench.seeds.json', parsed.pipeline, registry);
  if (seeds.problems.some((p) => p.severity === 'error')) throw new Error(seeds.problems.map((p) => p.message).join('; '));
  const userPrompt = String(parsed.pipeline.blocks[0].config.user_prompt);
  return { pipelineText, pipeline: parsed.pipeline, seedsText, seeds: seeds.seeds, prompt: userPrompt.replace('{{ content }}', examples[0].metadata.content) };
}

function settingsFor(server: ProcessFakeServer, concurrency: number): ModelSettings {
  return { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }], concurrency, requestTimeoutMs: 30_000 };
}

/** One job as the CLI runs it: open the workspace store, startJob, close (the final snapshot, timed apart). */
async function pathRun(server: ProcessFakeServer, inputs: Inputs, records: number, profile = false): Promise<PathFigures> {
  if ([...inputs.seeds].length !== records) throw new Error(`inputs hold ${[...inputs.seeds].length} seeds, not ${records}`);
  const dir = await mkdtemp(join(tmpdir(), 'dgf-userpath-'));
  const sampler = new RssSampler(100);
  try {
    const opened = await openWorkspaceStore(join(dir, '.datagenflow', 'datagenflow.db'), 'userPathBench');
    const settings = settingsFor(server, CONCURRENCY);
    const llm = new OpenAiLlmClient({ settings, keys: async () => 'bench-key' });
    let progressEvents = 0;
    const stopProfile = profile ? await startCpuProfile() : undefined;
    const threads0 = threadCpuByName();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { job, summary } = await startJob(
      { store: opened.store, registry: createBlockRegistry(), llm, settings, onProgress: () => progressEvents++ },
      { pipelinePath: 'bench.dgf.json', pipelineText: inputs.pipelineText, pipeline: inputs.pipeline, seedsPath: 'bench.seeds.json', seedsHash: seedsHash(inputs.seedsText), seeds: inputs.seeds },
    );
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const threads = threadCpuSince(threads0);
    const summaryOfProfile = await stopProfile?.();
    const heapUsed = process.memoryUsage().heapUsed;
    const stats = opened.store.opLog instanceof DurableDatabase ? opened.store.opLog.stats : undefined;
    const counts = opened.store.statusCounts(job.id);
    const c0 = performance.now();
    await opened.close();
    sampler.stop();
    return {
      records,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      closeMs: performance.now() - c0,
      failed: summary.failed,
      stored: counts.total - counts.failed,
      peakRss: sampler.maxSampled,
      heapUsed,
      journalBytes: stats?.journalBytes ?? 0,
      snapshotBytes: stats?.snapshotBytes ?? 0,
      flushes: stats?.flushes ?? 0,
      threads,
      ...(summaryOfProfile ? { profile: summaryOfProfile } : {}),
    };
  } finally {
    sampler.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The openai client alone: the same request the path sends, as many, at the same concurrency; over the global
 * fetch (the SDK's default) or over the HttpTransport the path uses.
 */
async function rawSdkRun(server: ProcessFakeServer, inputs: Inputs, requests: number, transport?: HttpTransport): Promise<{ wallMs: number; cpuMs: number }> {
  const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'bench-key', maxRetries: 0, ...(transport ? { fetch: transport.fetch } : {}) });
  const schema = inputs.pipeline.blocks[0].config.json_schema as Record<string, unknown>;
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        const n = next++;
        await client.chat.completions.create({
          model: 'fake-model',
          messages: [{ role: 'user', content: `${inputs.prompt} (#${n})` }],
          temperature: 0.7,
          max_tokens: 2048,
          response_format: { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } },
        });
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** The render stage alone, all threads: the user prompt rendered `renders` times at the job's concurrency. */
async function renderRun(inputs: Inputs, renders: number): Promise<number> {
  const renderer = new TemplateRenderer();
  const source = String(inputs.pipeline.blocks[0].config.user_prompt);
  const seeds = [...inputs.seeds];
  const renderAll = async (count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const n = next++;
          await renderer.render(source, seeds[n % seeds.length].metadata, { blockId: 'extract', field: 'user_prompt' });
        }
      }),
    );
  };
  try {
    await renderAll(200);
    const cpu0 = process.cpuUsage();
    await renderAll(renders);
    const cpu = process.cpuUsage(cpu0);
    return (cpu.user + cpu.system) / 1000 / renders;
  } finally {
    await renderer.close();
  }
}

const fmt = (n: number, d = 2) => n.toFixed(d);
const efficiency = (records: number, wallMs: number, latencyMs: number) => records / (wallMs / 1000) / (CONCURRENCY / (latencyMs / 1000));

const inputsByCount = new Map<number, Promise<Inputs>>();
function inputsFor(records: number): Promise<Inputs> {
  let inputs = inputsByCount.get(records);
  if (!inputs) inputsByCount.set(records, (inputs = loadInputs(records)));
  return inputs;
}

async function measureAt(latencyMs: number, records: number, warmUp: boolean) {
  const server = await ProcessFakeServer.start({ latencyMs });
  const transport = new HttpTransport();
  try {
    if (warmUp) {
      await pathRun(server, await inputsFor(256), 256);
      await rawSdkRun(server, await inputsFor(256), 256);
      await rawSdkRun(server, await inputsFor(256), 256, transport);
    }
    const inputs = await inputsFor(records);
    const sdk = await rawSdkRun(server, inputs, records);
    const sdkDirect = await rawSdkRun(server, inputs, records, transport);
    const path = await pathRun(server, inputs, records);
    return { sdk, sdkDirect, path };
  } finally {
    transport.close();
    await server.close();
  }
}

async function main() {
  console.log(`user-path benchmark: ${TEMPLATE} (StructuredGenerator json_schema → JSONValidator) via startJob into a durable store`);
  console.log(`concurrency ${CONCURRENCY}; ${RECORDS_50} records at 50 ms, ${RECORDS_200} at 200 ms; fake server in a child process; node ${process.version}\n`);

  if (PROFILE_ONLY) {
    const server = await ProcessFakeServer.start({ latencyMs: 50 });
    await pathRun(server, await inputsFor(256), 256);
    const profiled = await pathRun(server, await inputsFor(RECORDS_50), RECORDS_50, true);
    await server.close();
    printProfile(profiled);
    return;
  }
  const at50 = await measureAt(50, RECORDS_50, true);
  const at200 = await measureAt(200, RECORDS_200, false);
  const renderCpu = await renderRun(await inputsFor(RECORDS_50), RECORDS_50);

  const perRecord = (p: PathFigures) => p.cpuMs / p.records;
  const sdkPer50 = at50.sdk.cpuMs / RECORDS_50;
  const rows: TableRow[] = [
    { figure: `efficiency, 50 ms / c=${CONCURRENCY} (${RECORDS_50} records)`, value: fmt(efficiency(RECORDS_50, at50.path.wallMs, 50)), goal: '>= 0.90', met: efficiency(RECORDS_50, at50.path.wallMs, 50) >= 0.9 },
    { figure: `efficiency, 200 ms / c=${CONCURRENCY} (${RECORDS_200} records)`, value: fmt(efficiency(RECORDS_200, at200.path.wallMs, 200)) },
    { figure: '  raw SDK efficiency, 50 ms / 200 ms', value: `${fmt(efficiency(RECORDS_50, at50.sdk.wallMs, 50))} / ${fmt(efficiency(RECORDS_200, at200.sdk.wallMs, 200))}` },
    { figure: 'CPU per record, all threads (50 ms run)', value: `${fmt(perRecord(at50.path), 3)} ms`, goal: '<= 1.0 ms', met: perRecord(at50.path) <= 1.0 },
    { figure: 'CPU per record, all threads (200 ms run)', value: `${fmt(perRecord(at200.path), 3)} ms` },
    { figure: '  raw SDK CPU per request (50 ms run)', value: `${fmt(sdkPer50, 3)} ms` },
    { figure: '  raw SDK over HttpTransport, CPU per request', value: `${fmt(at50.sdkDirect.cpuMs / RECORDS_50, 3)} ms` },
    { figure: '  path CPU ÷ raw SDK CPU', value: `${fmt(perRecord(at50.path) / sdkPer50)}x` },
    { figure: '  render alone, all threads (standalone)', value: `${fmt(renderCpu, 3)} ms` },
    { figure: 'store close (final snapshot), 50 ms run', value: `${fmt(at50.path.closeMs, 0)} ms` },
    { figure: 'records stored / failed (50 ms run)', value: `${at50.path.stored} / ${at50.path.failed}` },
  ];
  printTable(rows);
  console.log(`\nCPU per record by thread, 50 ms run: ${byThread(at50.path)}; 200 ms run: ${byThread(at200.path)}`);

  console.log(`\nmemory (50 ms run): peak RSS ${mb(at50.path.peakRss)}, JS heap used at job end ${mb(at50.path.heapUsed)}; ` +
    `journal ${mb(at50.path.journalBytes)} (${fmt(at50.path.journalBytes / RECORDS_50, 0)} B/record), last snapshot ${mb(at50.path.snapshotBytes)}, ${at50.path.flushes} journal flushes`);

  if (PROFILE) {
    const server = await ProcessFakeServer.start({ latencyMs: 50 });
    const profiled = await pathRun(server, await inputsFor(RECORDS_50), RECORDS_50, true);
    await server.close();
    printProfile(profiled);
  }
}

/** "main 0.700, other threads 0.250 ms" (names with at least 0.005 ms per record). */
function byThread(run: PathFigures): string {
  const parts = [...run.threads].filter(([, ms]) => ms / run.records >= 0.005).sort((a, b) => b[1] - a[1]);
  return parts.length === 0 ? 'n/a' : `${parts.map(([name, ms]) => `${name} ${fmt(ms / run.records, 3)}`).join(', ')} ms`;
}

const STAGES: Stage[] = ['render', 'SDK + HTTP', 'parse/validate', 'store', 'trace encode', 'LLM client', 'engine', 'GC', 'node internals', 'bench', 'other'];

function printProfile(run: PathFigures) {
  const profile = run.profile as ProfileSummary;
  const n = run.records;
  const cpuPerRecord = run.cpuMs / n;
  // Samples are taken on wall time: on a loaded machine a preempted thread still collects them, so the sampled
  // time can exceed the CPU used. Shares of the samples are what the profile tells; ms are the share of the run's
  // CPU per record (all threads, from process.cpuUsage), other threads' CPU spread in proportion.
  console.log(`\nCPU by stage (profiled run at 50 ms, ${n} records, this thread sampled every 250 µs; ${fmt(cpuPerRecord, 3)} ms CPU per record, all threads):`);
  const share = (ms: number) => ms / profile.activeMs;
  const rows: TableRow[] = STAGES.filter((s) => profile.byStage.has(s)).map((s) => {
    const part = share(profile.byStage.get(s) ?? 0);
    return { figure: `  ${s}`, value: `${fmt(100 * part, 1)} %  ≈ ${fmt(part * cpuPerRecord, 3)} ms` };
  });
  printTable(rows);
  console.log(`  (this thread's sampled busy time ${fmt(profile.activeMs / n, 3)} ms per record; CPU by thread: ${byThread(run)})`);
  console.log('\ntop files by self time, this thread (share of samples):');
  printTable(profile.byFile.slice(0, 15).map(([file, ms]) => ({ figure: `  ${file}`, value: `${fmt(100 * share(ms), 1)} %` })));
  if (TOP_FUNCTIONS > 0) {
    console.log('\ntop functions by self time, this thread (share of samples):');
    printTable(profile.byFunction.slice(0, TOP_FUNCTIONS).map(([fn, ms]) => ({ figure: `  ${fn}`, value: `${fmt(100 * share(ms), 1)} %` })));
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
