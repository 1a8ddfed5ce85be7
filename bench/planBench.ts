/**
 * `npm run bench:plan`: the plan's estimate against what a run really takes, for every built-in template with its
 * example seeds, against the in-process fake server (which counts usage with the plan's tokenizer, see
 * test/fixtures/planTokenCounting.ts, and answers after --latency ms). For each template: plan (no earlier job),
 * try the first seed and plan again (the try is the only history), run job 1, plan again (job 1 is now history),
 * run job 2; prints estimated vs actual input tokens for the three plans, and the last plan's output tokens, cost
 * and time against job 2. Asserts nothing.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBlockRegistry } from '../src/core/blocks/blockRegistry';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../src/core/llm/openAiClient';
import { parsePipeline } from '../src/core/pipeline/parsePipeline';
import { readPlanHistory, withTries } from '../src/core/plan/planHistory';
import { planRun } from '../src/core/plan/planRun';
import type { RunPlan } from '../src/core/plan/planTypes';
import { startJob } from '../src/core/run/jobLauncher';
import { seedsHash } from '../src/core/seeds/seedsHash';
import { checkSeedFile } from '../src/core/seeds/checkSeedFile';
import { openWorkspaceStore } from '../src/core/store/openWorkspaceStore';
import type { JobRow } from '../src/core/store/storeTypes';
import { trySeed } from '../src/core/try/trySeed';
import { FakeOpenAiServer } from '../test/fixtures/fakeOpenAiServer';
import { PLAN_TOKEN_COUNTING } from '../test/fixtures/planTokenCounting';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LATENCY_MS = flag('--latency', 40);
const CONCURRENCY = flag('--concurrency', 4);
const PRICE_IN = 0.5;
const PRICE_OUT = 1.5;

const pct = (estimate: number, actual: number) => (actual === 0 ? (estimate === 0 ? '±0%' : 'n/a') : `${estimate >= actual ? '+' : ''}${(((estimate - actual) / actual) * 100).toFixed(1)}%`);
const cost = (job: JobRow) => (job.usage.input_tokens * PRICE_IN + job.usage.output_tokens * PRICE_OUT) / 1000;

async function main(): Promise<void> {
  const server = await FakeOpenAiServer.start({ latencyMs: LATENCY_MS, tokens: PLAN_TOKEN_COUNTING });
  const settings: ModelSettings = {
    ...DEFAULT_MODEL_SETTINGS,
    models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: PRICE_IN, pricePer1kOutput: PRICE_OUT }],
    embeddingModels: [{ name: 'embed', baseUrl: server.baseUrl, model: 'fake-embed', pricePer1kInput: PRICE_IN }],
    concurrency: CONCURRENCY,
  };
  const registry = createBlockRegistry();
  const dir = await mkdtemp(join(tmpdir(), 'dgf-plan-bench-'));
  const opened = await openWorkspaceStore(join(dir, 'bench.db'), 'plan bench');
  const llm = new OpenAiLlmClient({ settings, keys: async () => undefined });
  const ctx = { store: opened.store, registry, llm, settings };
  console.log(`plan vs actual — fake server (${LATENCY_MS} ms latency, tokens counted with cl100k_base), concurrency ${CONCURRENCY}, $${PRICE_IN}/$${PRICE_OUT} per 1k in/out`);
  console.log('template              units  calls(est/act)  input: plan1 / after a try / plan2 / actual (±%)              output plan2/actual   cost plan2/actual       time plan2/actual');
  try {
    const names = (await readdir('templates')).filter((f) => f.endsWith('.dgf.json')).sort();
    for (const file of names) {
      const id = file.replace(/\.dgf\.json$/, '');
      const pipelineText = await readFile(join('templates', file), 'utf8');
      const pipeline = parsePipeline(pipelineText, registry).pipeline;
      const seedsFile = (await readdir('templates')).find((f) => f.startsWith(`${id}.seeds.`));
      if (!pipeline || !seedsFile) continue;
      const seedsSource = await readFile(join('templates', seedsFile), 'utf8');
      const seeds = checkSeedFile(seedsSource, seedsFile, pipeline, registry).seeds;
      const run = () => startJob(ctx, { pipelinePath: file, pipelineText, pipeline, seedsPath: seedsFile, seedsHash: seedsHash(seedsSource), seeds });
      const plan = async (): Promise<RunPlan> => planRun({ pipeline, seeds, registry, settings, history: await readPlanHistory(opened.store, file) });
      const first = await plan();
      const firstSeed = seeds.at(0);
      const tried = firstSeed ? await trySeed({ pipeline, seed: firstSeed, seedIndex: 0, registry, llm }) : undefined;
      const afterTry = await planRun({ pipeline, seeds, registry, settings, ...(tried ? { history: withTries(undefined, [tried]) } : {}) });
      server.resetCounters();
      const job1 = (await run()).job;
      const calls1 = server.counters.chat + server.counters.embeddings;
      const second = await plan();
      server.resetCounters();
      const job2 = (await run()).job;
      const calls2 = server.counters.chat + server.counters.embeddings;
      const t = second.totals;
      console.log(
        [
          id.padEnd(21),
          String(job2.total).padStart(5),
          `${t.calls}/${calls2}`.padStart(14),
          `  ${first.totals.inputTokens} (${pct(first.totals.inputTokens, job1.usage.input_tokens)}) / ${afterTry.totals.inputTokens} (${pct(afterTry.totals.inputTokens, job1.usage.input_tokens)}) / ${t.inputTokens} (${pct(t.inputTokens, job2.usage.input_tokens)}) / ${job2.usage.input_tokens}`.padEnd(62),
          `${t.outputTokens}/${job2.usage.output_tokens} (${pct(t.outputTokens, job2.usage.output_tokens)})`.padEnd(22),
          `${t.cost?.toFixed(4) ?? '?'}/${cost(job2).toFixed(4)} (${t.cost === undefined ? 'n/a' : pct(t.cost, cost(job2))})`.padEnd(24),
          `${second.time.ms === undefined ? '?' : Math.round(second.time.ms)}/${job2.elapsedMs ?? '?'} ms (${second.time.ms === undefined || !job2.elapsedMs ? 'n/a' : pct(second.time.ms, job2.elapsedMs)})`,
        ].join(' '),
      );
      if (calls1 !== calls2) console.log(`  (job 1 made ${calls1} calls, job 2 ${calls2})`);
      const guessed = first.totals.placeholderInputTokens;
      if (guessed) console.log(`  (plan1: ${guessed} of its ${first.totals.inputTokens} input tokens are placeholders for answers not seen yet)`);
    }
  } finally {
    await opened.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
