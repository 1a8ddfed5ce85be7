/**
 * `npm run bench:engine`: how close the engine gets to the ideal against a fake OpenAI-compatible server.
 * The server runs in a worker thread. Prints figures; asserts nothing (timings are never asserted in tests). Flags: --units N (default 2000),
 * --baseline-units N (units run at concurrency 1, extrapolated to the full job; default 100).
 */
import { OpenAI } from 'openai';
import { createBlockRegistry } from '../src/core/blocks/blockRegistry';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../src/core/llm/openAiClient';
import type { BlockSpec } from '../src/core/pipeline/pipelineTypes';
import { runJob } from '../src/core/run/jobRunner';
import type { RunSummary } from '../src/core/run/runTypes';
import type { UnitResult } from '../src/core/records/unitResult';
import { ThreadedFakeServer } from './threadedFakeServer';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const UNITS = flag('--units', 2000);
const BASELINE_UNITS = flag('--baseline-units', 100);
const LLM_BLOCKS = 2;

const blocks: BlockSpec[] = [
  { id: 'question', type: 'TextGenerator', config: { system_prompt: 'You write quiz questions.', user_prompt: 'Ask a question about {{ topic }} (#{{ n }})' }, position: { x: 0, y: 0 } },
  { id: 'answer', type: 'TextGenerator', config: { user_prompt: 'Answer briefly: {{ assistant }}' }, position: { x: 0, y: 150 } },
];

function seeds(units: number) {
  return Array.from({ length: units }, (_, n) => ({ repetitions: 1, metadata: { topic: `topic ${n % 50}`, n } }));
}

class CountingSink {
  results = 0;
  async write(_r: UnitResult): Promise<void> {
    this.results++;
  }
}

async function engineRun(server: ThreadedFakeServer, units: number, concurrency: number): Promise<{ ms: number; summary: RunSummary }> {
  const settings: ModelSettings = {
    ...DEFAULT_MODEL_SETTINGS,
    models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }],
    concurrency,
    requestTimeoutMs: 30_000,
  };
  const llm = new OpenAiLlmClient({ settings, keys: async () => 'bench-key' });
  const start = performance.now();
  const summary = await runJob({
    jobId: 'bench',
    blocks,
    seeds: seeds(units),
    registry: createBlockRegistry(),
    llm,
    sink: new CountingSink(),
    concurrency,
  });
  return { ms: performance.now() - start, summary };
}

/** The raw SDK: the same number of requests at the same concurrency, no engine around them. */
async function rawSdkRun(server: ThreadedFakeServer, requests: number, concurrency: number): Promise<number> {
  const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'bench-key', maxRetries: 0 });
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const n = next++;
        await client.chat.completions.create({ model: 'fake-model', messages: [{ role: 'user', content: `Ask a question about topic ${n % 50} (#${n})` }], temperature: 0.7, max_tokens: 2048 });
      }
    }),
  );
  return performance.now() - start;
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function main() {
  console.log(`engine benchmark: ${UNITS} units × ${LLM_BLOCKS} LLM blocks, node ${process.version}\n`);

  // 1. Efficiency at concurrency 32, 50 ms latency.
  const slow = await ThreadedFakeServer.start({ latencyMs: 50 });
  await engineRun(slow, 64, 32); // warm-up: connections, JIT
  const c32 = await engineRun(slow, UNITS, 32);
  const ideal32 = (UNITS * LLM_BLOCKS * 50) / 32;
  console.log(`[1] concurrency 32, latency 50 ms: ${fmt(c32.ms / 1000)} s (ideal ${fmt(ideal32 / 1000)} s) -> efficiency ${fmt(ideal32 / c32.ms)} (goal >= 0.90); failed ${c32.summary.failed}`);

  // 2. Sequential baseline, as the original runs (extrapolated from a sample to keep the run short).
  const c1 = await engineRun(slow, BASELINE_UNITS, 1);
  const c1Full = (c1.ms / BASELINE_UNITS) * UNITS;
  console.log(`[2] concurrency 1 (baseline): ${fmt(c1.ms / 1000)} s for ${BASELINE_UNITS} units -> ${fmt(c1Full / 1000)} s for ${UNITS} units; concurrency-32 speed-up ${fmt(c1Full / c32.ms, 1)}x`);
  await slow.close();

  // 3. Engine overhead at 0 ms latency, against the raw SDK in the same run (alternated, best of 3 each).
  const fast = await ThreadedFakeServer.start({ latencyMs: 0 });
  await rawSdkRun(fast, 500, 32);
  await engineRun(fast, 250, 32);
  let bestSdk = Infinity;
  let bestEngine = Infinity;
  for (let i = 0; i < 3; i++) {
    bestSdk = Math.min(bestSdk, await rawSdkRun(fast, UNITS * LLM_BLOCKS, 32));
    bestEngine = Math.min(bestEngine, (await engineRun(fast, UNITS, 32)).ms);
  }
  const sdkRate = (UNITS * LLM_BLOCKS) / (bestSdk / 1000);
  const recordRate = UNITS / (bestEngine / 1000);
  console.log(`[3] latency 0: raw SDK ${fmt(sdkRate, 0)} req/s; engine ${fmt(recordRate, 0)} records/s = ${fmt(recordRate * LLM_BLOCKS, 0)} req/s -> share ${fmt((recordRate * LLM_BLOCKS) / sdkRate)} (goal >= 0.80)`);
  await fast.close();

  // 4. A server that admits 16 at once and answers the rest with 429 + Retry-After.
  const capped = await ThreadedFakeServer.start({ latencyMs: 50, maxConcurrent: 16, retryAfterSeconds: 1 });
  const r429 = await engineRun(capped, UNITS, 32);
  const admittedRate = 16 / 0.05;
  const achieved = (UNITS * LLM_BLOCKS) / (r429.ms / 1000);
  console.log(`[4] server cap 16 (+429, Retry-After 1 s), client concurrency 32: ${fmt(r429.ms / 1000)} s, failed units ${r429.summary.failed} (goal 0), ${fmt(achieved, 0)} req/s of ${fmt(admittedRate, 0)} admitted -> share ${fmt(achieved / admittedRate)} (goal >= 0.85); 429s seen ${(await capped.counters()).rejected429}`);
  await capped.close();
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
