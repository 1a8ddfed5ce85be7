import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenAiBatchApi } from '../../../src/core/batch/batchApi';
import { runBatchJob, type BatchRunOptions } from '../../../src/core/batch/batchRunner';
import { DEFAULT_BATCH_SETTINGS, type BatchSettings } from '../../../src/core/batch/batchSettings';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockDefinition } from '../../../src/core/blocks/blockTypes';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import type { BlockSpec } from '../../../src/core/pipeline/pipelineTypes';
import type { UnitResult } from '../../../src/core/records/unitResult';
import type { RunProgress } from '../../../src/core/run/runTypes';
import type { Seed } from '../../../src/core/seeds/seedTypes';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';

const gen = (id: string, prompt: string): BlockSpec => ({ id, type: 'TextGenerator', config: { user_prompt: prompt }, position: { x: 0, y: 0 } });
const mapper = (id: string): BlockSpec => ({ id, type: 'FieldMapper', config: { mappings: { question: '{{ assistant }}' } }, position: { x: 0, y: 0 } });
const seeds = (n: number, reps = 1): Seed[] => Array.from({ length: n }, (_, i) => ({ repetitions: reps, metadata: { topic: `t${i}` } }));

class MemorySink {
  readonly results: UnitResult[] = [];
  async write(r: UnitResult): Promise<void> {
    this.results.push(r);
  }
  keys(): string[] {
    return this.results.map((r) => r.key).sort();
  }
}

describe('runBatchJob (fake Batch API)', function () {
  this.timeout(20_000);
  let server: FakeOpenAiServer;
  let models: ModelSettings;

  beforeEach(async () => {
    server = await FakeOpenAiServer.start();
    models = { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'm', baseUrl: server.baseUrl, model: 'fake-model' }] };
  });
  afterEach(() => server.close());

  async function options(overrides: Partial<Omit<BatchRunOptions, 'batch'>> & { batch?: Partial<BatchSettings> } = {}): Promise<BatchRunOptions & { sink: MemorySink }> {
    const sink = new MemorySink();
    const { batch, ...rest } = overrides;
    return {
      jobId: '1',
      jobNumber: 1,
      blocks: [gen('q', 'Ask about {{ topic }}'), mapper('map'), gen('a', 'Answer: {{ question }}')],
      seeds: seeds(5),
      registry: createBlockRegistry(),
      online: new OpenAiLlmClient({ settings: models, keys: async () => undefined }),
      models,
      batch: { ...DEFAULT_BATCH_SETTINGS, pollSeconds: 0.01, ...batch },
      dir: join(await mkdtemp(join(tmpdir(), 'dgf-batch-')), 'job-1'),
      apiFor: async (config) => new OpenAiBatchApi(config, undefined, 10_000),
      concurrency: 4,
      ...rest,
      sink: (rest.sink as MemorySink | undefined) ?? sink,
    } as BatchRunOptions & { sink: MemorySink };
  }

  it('runs a 2-LLM-block pipeline in two stages, the local block between them, every request once', async () => {
    const o = await options();
    const stages: number[] = [];
    const summary = await runBatchJob({ ...o, onProgress: (p: RunProgress) => p.batch && stages.push(p.batch.stage) });
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 5);
    assert.deepEqual(o.sink.keys(), ['s0.r0', 's1.r0', 's2.r0', 's3.r0', 's4.r0']);
    const r = o.sink.results.find((x) => x.key === 's2.r0');
    assert.equal(r?.output?.assistant, 'Echo: Answer: Echo: Ask about t2');
    assert.deepEqual(r?.trace.map((t) => t.block_id), ['q', 'map', 'a']);
    assert.equal(server.batch.counters.created, 2, 'one batch per stage');
    assert.equal(server.counters.chat, 0, 'nothing online');
    const sent = [...server.batch.counters.sent.entries()];
    assert.equal(sent.length, 10);
    assert.ok(sent.every(([, n]) => n === 1), 'no request twice');
    assert.ok(sent.some(([id]) => id === 's2.r0/q/0') && sent.some(([id]) => id === 's2.r0/a/0'));
    assert.ok(stages.includes(1) && stages.includes(2));
    // Usage of both calls of a unit is in its record (the fake counts words): 3+5 in, 4+6 out.
    assert.deepEqual(r?.usage, { input_tokens: 3 + 5, output_tokens: 4 + 6, cached_tokens: 0 });
    await assert.rejects(readdir(o.dir), /ENOENT/, 'the batch folder goes once the job is complete');
  });

  it('splits a stage into files within the request and byte limits', async () => {
    const o = await options({ seeds: seeds(7), blocks: [gen('q', 'Ask about {{ topic }}')], batch: { maxRequestsPerFile: 3 } });
    const summary = await runBatchJob(o);
    assert.equal(summary.succeeded, 7);
    const sizes = server.batch.list().map((b) => b.request_counts.total);
    assert.deepEqual(sizes, [3, 3, 1]);
    server.batch.counters.sent.clear();
    const bytes = await options({ seeds: seeds(12), blocks: [gen('q', 'Ask about {{ topic }}')], batch: { maxBytesPerFile: 1024 } });
    const before = server.batch.counters.created;
    await runBatchJob(bytes);
    for (const b of server.batch.list().slice(before)) assert.ok(Buffer.byteLength(server.batch.files.get(b.input_file_id)?.content ?? '') <= 1024);
    assert.ok(server.batch.counters.created - before >= 2, 'more than one file when the bytes do not fit');
  });

  it('puts only the requests an expired batch left unanswered into a follow-up batch', async () => {
    server.batch.options = { expire: (i) => i === 0, answeredOnExpiry: 0.5 };
    const o = await options({ seeds: seeds(6), blocks: [gen('q', 'Ask about {{ topic }}')] });
    const summary = await runBatchJob(o);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 6);
    const [first, second] = server.batch.list();
    assert.equal(first.status, 'expired');
    assert.equal(first.request_counts.total, 6);
    assert.equal(second.request_counts.total, 3, 'the follow-up holds the 3 missing requests');
    const sent = [...server.batch.counters.sent.values()];
    assert.equal(sent.filter((n) => n === 1).length, 3, 'an answered request is never sent again');
    assert.equal(sent.filter((n) => n === 2).length, 3, 'a missing one goes out once more');
  });

  it('retries a request that failed with a 5xx, fails a unit whose request got a 400, and reads around a torn output line', async () => {
    server.batch.options = {
      requestError: (id, attempt) => (id === 's1.r0/q/0' && attempt === 1 ? 500 : id === 's2.r0/q/0' ? 400 : undefined),
      malformedOutput: (i) => i === 0,
    };
    const o = await options({ seeds: seeds(4), blocks: [gen('q', 'Ask about {{ topic }}')] });
    const summary = await runBatchJob(o);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 3);
    assert.equal(summary.failed, 1);
    const failed = o.sink.results.find((r) => r.status === 'failed');
    assert.equal(failed?.key, 's2.r0');
    assert.match(failed?.error?.message ?? '', /HTTP 400/);
    // s1 (500) and the request whose output line was torn went out twice; nothing else did.
    const twice = [...server.batch.counters.sent.entries()].filter(([, n]) => n > 1).map(([id]) => id).sort();
    assert.equal(twice.length, 2);
    assert.ok(twice.includes('s1.r0/q/0'));
    assert.equal(server.batch.list()[1].request_counts.total, 2);
  });

  it('runs the missing requests online when asked (missing: online)', async () => {
    server.batch.options = { expire: () => true, answeredOnExpiry: 0.5 };
    const o = await options({ seeds: seeds(4), blocks: [gen('q', 'Ask about {{ topic }}')], batch: { missing: 'online' } });
    const summary = await runBatchJob(o);
    assert.equal(summary.succeeded, 4);
    assert.equal(server.batch.counters.created, 1);
    assert.equal(server.counters.chat, 2, 'the 2 missing requests went online, once each');
  });

  it('on cancel, cancels the running batches; a second run with the same folder picks them up and sends nothing twice', async () => {
    server.batch.options = { completeAfterPolls: 1_000_000 };
    const abort = new AbortController();
    const o = await options({ seeds: seeds(3), signal: abort.signal });
    const run = runBatchJob({ ...o, onProgress: (p) => p.batch?.phase === 'waiting' && abort.abort() });
    const summary = await run;
    assert.equal(summary.status, 'cancelled');
    assert.equal(server.batch.counters.cancelled, 1);
    assert.equal(server.batch.list()[0].status, 'cancelled');
    const state = JSON.parse(await readFile(join(o.dir, 'state.json'), 'utf8')) as { files: { batchId: string }[] };
    assert.equal(state.files[0].batchId, server.batch.list()[0].id);
    // The cancelled batch answered nothing: its requests go into stage 1's follow-up, then stage 2 runs.
    server.batch.options = {};
    const again = await runBatchJob({ ...o, signal: undefined, sink: o.sink });
    assert.equal(again.status, 'completed');
    assert.equal(o.sink.results.length, 3);
    assert.ok([...server.batch.counters.sent.values()].every((n) => n <= 2));
    assert.equal(server.batch.counters.created, 3, 'cancelled stage 1, its follow-up, stage 2');
  });

  it('a crash between creating a batch and recording it: the next run finds that batch by its input file, never makes a second', async () => {
    const o = await options({ seeds: seeds(3), blocks: [gen('q', 'Ask about {{ topic }}')] });
    const crashing = await runBatchJob({
      ...o,
      apiFor: async (config) => {
        const api = new OpenAiBatchApi(config, undefined, 10_000);
        return Object.assign(Object.create(api) as OpenAiBatchApi, {
          createBatch: async (...args: Parameters<OpenAiBatchApi['createBatch']>) => {
            await api.createBatch(...args);
            throw new Error('killed before the id was written');
          },
        });
      },
    });
    assert.equal(crashing.status, 'failed');
    assert.equal(server.batch.counters.created, 1);
    const again = await runBatchJob(o);
    assert.equal(again.status, 'completed');
    assert.equal(server.batch.counters.created, 1, 'the batch the crash left was used');
    assert.equal(o.sink.results.length, 3);
    assert.ok([...server.batch.counters.sent.values()].every((n) => n === 1));
  });

  it('an embedding before an LLM block is asked online once, not again at each later stage', async () => {
    const embedder: BlockDefinition = {
      type: 'Embedder', name: 'Embedder', description: '', category: 'general', inputs: ['topic'], outputs: ['dims'], isMultiplier: false,
      configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
      requiredFields: () => [],
      execute: async (ctx) => ({ output: { dims: (await ctx.llm.embed({ input: [String(ctx.state.topic)] }, ctx.signal)).vectors[0].length } }),
    };
    models = { ...models, embeddingModels: [{ name: 'e', baseUrl: server.baseUrl, model: 'fake-embed' }] };
    const o = await options({
      seeds: seeds(3),
      registry: createBlockRegistry([embedder]),
      blocks: [{ id: 'emb', type: 'Embedder', config: {}, position: { x: 0, y: 0 } }, gen('q', 'Ask about {{ topic }} ({{ dims }})'), gen('a', 'Answer: {{ assistant }}')],
    });
    const summary = await runBatchJob(o);
    assert.equal(summary.succeeded, 3);
    assert.equal(server.counters.embeddings, 3, 'one embedding per unit over three passes');
    assert.match(String(o.sink.results[0].output?.assistant), /\(8\)$/);
  });

  it('waits out a provider outage while polling (5xx after the SDK retries) instead of failing the job', async () => {
    // Looks 1-3 of the first batch answer 503: the SDK's 2 retries end in an error, which the next poll outlives.
    server.batch.options = { retrieveError: (i, look) => (i === 0 && look <= 3 ? 503 : undefined) };
    const logs: string[] = [];
    const o = await options({ seeds: seeds(2), blocks: [gen('q', 'Ask about {{ topic }}')], log: (m) => logs.push(m) });
    const summary = await runBatchJob(o);
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 2);
    assert.ok(logs.some((l) => /Could not read batch .*503.*trying again/s.test(l)), logs.join('\n'));
    assert.equal(server.batch.counters.created, 1);
  });
});
