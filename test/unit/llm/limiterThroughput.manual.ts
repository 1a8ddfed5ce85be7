// Throughput of the adaptive limiter against a server that admits 16 concurrent requests (50 ms each) and answers
// the rest 429 with Retry-After: 1 s, for 4,000 requests starting from a client limit of 32.
// Goal: zero failed requests, throughput >= 0.85 x the admitted rate (16 / 50 ms = 320 req/s).
//
//   npx tsx test/unit/llm/limiterThroughput.manual.ts [requests] [startLimit]
//
// Not a mocha test: timings depend on the machine, so they are printed, never asserted. Three figures:
//  1. policy  — AdaptiveLimiter + withRetries on a virtual clock against a model of that server: the policy's own
//               efficiency, exact and repeatable.
//  2. http    — the real OpenAiLlmClient (openai SDK, fetch, our limiter and retries) against FakeOpenAiServer in a
//               child process, so the server's CPU is not taken from the client's event loop.
//  3. baseline — the same over HTTP with the limit fixed at 16 from the start: what a limiter that knew the
//               server's capacity would get on this machine (SDK and fetch overhead included).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LlmError } from '../../../src/core/errors';
import { AdaptiveLimiter, LimiterRegistry, type LimitChange } from '../../../src/core/llm/adaptiveLimiter';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import { withRetries } from '../../../src/core/llm/retryPolicy';
import { FakeOpenAiServer, type FakeServerCounters } from '../../fixtures/fakeOpenAiServer';
import { VirtualClock } from './virtualClock';

const MAX_CONCURRENT = 16;
const LATENCY_MS = 50;
const RETRY_AFTER_SECONDS = 1;
const ADMITTED_RATE = MAX_CONCURRENT / (LATENCY_MS / 1000);

interface Outcome {
  label: string;
  elapsedMs: number;
  failed: Map<string, number>;
  rejected429: number;
  peakAdmitted: number;
  changes: { atMs: number; change: LimitChange }[];
}

async function simulatePolicy(total: number, startLimit: number): Promise<Outcome> {
  const clock = new VirtualClock();
  const changes: Outcome['changes'] = [];
  const limiter = new AdaptiveLimiter({ maxLimit: startLimit, onChange: (change) => changes.push({ atMs: clock.now, change }) });
  let serverActive = 0;
  let peak = 0;
  let rejected = 0;
  let finished = 0;
  let lastDone = 0;
  const failed = new Map<string, number>();
  // The fake server's rule: refuse at arrival when full (answer after ~1 ms), else answer after the latency.
  const request = async (): Promise<void> => {
    if (serverActive >= MAX_CONCURRENT) {
      rejected++;
      await clock.sleep(1);
      throw new LlmError('rate-limit', '429', 429, RETRY_AFTER_SECONDS * 1000);
    }
    peak = Math.max(peak, ++serverActive);
    await clock.sleep(LATENCY_MS);
    serverActive--;
  };
  for (let i = 0; i < total; i++) {
    withRetries(request, { maxRetries: 3, sleep: clock.sleep, limiter })
      .catch((error: unknown) => count(failed, error))
      .finally(() => {
        finished++;
        lastDone = clock.now;
      });
  }
  await clock.runUntil(() => finished === total);
  return { label: 'policy (virtual clock)', elapsedMs: lastDone, failed, rejected429: rejected, peakAdmitted: peak, changes };
}

async function overHttp(label: string, total: number, startLimit: number): Promise<Outcome> {
  const { child, baseUrl } = await startServerProcess();
  const changes: Outcome['changes'] = [];
  let began = 0;
  const limiters = new LimiterRegistry({ onChange: (change) => changes.push({ atMs: Date.now() - began, change }) });
  const settings: ModelSettings = {
    ...DEFAULT_MODEL_SETTINGS,
    models: [{ name: 'bench', baseUrl, model: 'fake-model' }],
    concurrency: startLimit,
    requestTimeoutMs: 30_000,
  };
  const client = new OpenAiLlmClient({ settings, keys: async () => undefined, limiters });
  const signal = new AbortController().signal;
  const failed = new Map<string, number>();
  // Warm up the SDK and one connection so the figure measures steady state, not module loading.
  await client.chat({ messages: [{ role: 'user', content: 'warm-up' }] }, signal);
  await askCounters(child, 'reset');
  began = Date.now();
  await Promise.all(
    Array.from({ length: total }, (_, i) =>
      client.chat({ messages: [{ role: 'user', content: `request ${i}` }] }, signal).catch((error: unknown) => count(failed, error)),
    ),
  );
  const elapsedMs = Date.now() - began;
  const final = await askCounters(child, 'counters');
  child.kill();
  return { label, elapsedMs, failed, rejected429: final.rejected429, peakAdmitted: final.maxInFlight, changes };
}

function report(outcome: Outcome, total: number): void {
  const rate = total / (outcome.elapsedMs / 1000);
  const failed = [...outcome.failed.values()].reduce((a, b) => a + b, 0);
  const cuts = outcome.changes.filter((c) => c.change.reason === 'rate-limited');
  const probes = outcome.changes.filter((c) => c.change.reason === 'probe');
  console.log(`\n${outcome.label}`);
  console.log(`  elapsed     ${(outcome.elapsedMs / 1000).toFixed(2)} s (ideal ${(total / ADMITTED_RATE).toFixed(2)} s)`);
  console.log(`  throughput  ${rate.toFixed(1)} req/s = ${(rate / ADMITTED_RATE).toFixed(3)} x ${ADMITTED_RATE} req/s`);
  console.log(`  failed      ${failed}${failed ? ` ${JSON.stringify(Object.fromEntries(outcome.failed))}` : ''}`);
  console.log(`  server      ${outcome.rejected429} answered 429, peak admitted in flight ${outcome.peakAdmitted}`);
  console.log(`  limiter     ${cuts.length} cuts, ${probes.length} probes`);
  if (cuts.length) console.log(`  cuts        ${cuts.map((c) => `${Math.round(c.atMs)}ms ${c.change.previous}->${c.change.limit}`).join(', ')}`);
}

function count(failed: Map<string, number>, error: unknown): void {
  const kind = error instanceof LlmError ? error.kind : String(error);
  failed.set(kind, (failed.get(kind) ?? 0) + 1);
}

// --- the server in a child process -------------------------------------------------------------------------

type ServerMessage = { baseUrl: string } | { counters: FakeServerCounters };

function startServerProcess(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message: ServerMessage) => {
      if ('baseUrl' in message) resolve({ child, baseUrl: message.baseUrl });
    });
  });
}

function askCounters(child: ChildProcess, command: 'reset' | 'counters'): Promise<FakeServerCounters> {
  return new Promise((resolve) => {
    child.once('message', (message: ServerMessage) => {
      if ('counters' in message) resolve(message.counters);
    });
    child.send(command);
  });
}

async function serve(): Promise<void> {
  const server = await FakeOpenAiServer.start({ maxConcurrent: MAX_CONCURRENT, latencyMs: LATENCY_MS, retryAfterSeconds: RETRY_AFTER_SECONDS });
  process.on('message', (command) => {
    if (command === 'reset') server.resetCounters();
    process.send?.({ counters: server.counters });
  });
  process.send?.({ baseUrl: server.baseUrl });
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 4000);
  const startLimit = Number(process.argv[3] ?? 32);
  console.log(`${total} requests, client limit starts at ${startLimit}; server admits ${MAX_CONCURRENT}, ${LATENCY_MS} ms each, Retry-After ${RETRY_AFTER_SECONDS} s`);
  console.log(`goal: 0 failed, throughput >= 0.85 x ${ADMITTED_RATE} = ${0.85 * ADMITTED_RATE} req/s`);
  report(await simulatePolicy(total, startLimit), total);
  report(await overHttp(`http (adaptive, start ${startLimit})`, total, startLimit), total);
  report(await overHttp(`http baseline (limit fixed at ${MAX_CONCURRENT})`, total, MAX_CONCURRENT), total);
}

if (process.argv.includes('--serve')) void serve();
else void main();
