import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockDefinition, JobEndContext, JobRecordView, NormalBlockDefinition } from '../../../src/core/blocks/blockTypes';
import { langfuseDataset, type LangfuseUploadState } from '../../../src/core/blocks/langfuseDataset';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { runJobEndHooks } from '../../../src/core/run/jobEndHooks';
import { type LaunchContext, resumeJob, startJob } from '../../../src/core/run/jobLauncher';
import type { Seed } from '../../../src/core/seeds/seedTypes';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { FakeLangfuseServer } from '../../fixtures/fakeLangfuseServer';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { newJob, result, writeAll } from '../store/storeTestKit';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

const at = { x: 0, y: 0 };

/** A linear pipeline Start → blocks… → End. */
function pipeline(name: string, blocks: { id: string; type: string; config?: Record<string, unknown> }[]): PipelineFile {
  const ids = ['start', ...blocks.map((b) => b.id), 'end'];
  return {
    version: 1,
    name,
    blocks: blocks.map((b) => ({ id: b.id, type: b.type, config: b.config ?? {}, position: at })),
    edges: ids.slice(1).map((target, i) => ({ source: ids[i], target })),
  };
}

/** A pass-through block whose job-end hook records what it saw, or throws. */
function hookBlock(type: string, seen: { blockId: string; ctx: JobEndContext; records: JobRecordView[] }[], fail?: string): NormalBlockDefinition {
  return {
    type,
    name: type,
    description: 'test hook',
    category: 'utilities',
    inputs: [],
    outputs: [],
    isMultiplier: false,
    configSchema: { type: 'object', properties: { label: { type: 'string', default: 'default label' } }, required: [], additionalProperties: false },
    requiredFields: () => [],
    execute: async () => ({ output: {} }),
    async onJobEnd(ctx) {
      const records: JobRecordView[] = [];
      for await (const r of ctx.records()) records.push(r);
      seen.push({ blockId: ctx.blockId, ctx, records });
      if (fail) throw new Error(fail);
      await ctx.setJobMetadata({ [ctx.blockId]: { saw: records.length } });
    },
  };
}

async function storeWithJob(): Promise<{ store: WorkspaceStore; jobId: number }> {
  const store = new WorkspaceStore(await openMemoryStoreLog());
  const job = await store.createJob(newJob({ metadata: { note: 'kept' } }));
  await writeAll(store, job.id, [result(1, 0), result(0, 1), result(0, 0, true)]);
  return { store, jobId: job.id };
}

describe('job-end hooks', () => {
  it('calls each onJobEnd in execution order with config defaults, status, streamed records and job metadata', async () => {
    const { store, jobId } = await storeWithJob();
    const seen: Parameters<typeof hookBlock>[1] = [];
    const registry = createBlockRegistry([hookBlock('HookA', seen), hookBlock('HookB', seen)]);
    const logs: string[] = [];
    const secrets = async (name: string) => (name === 'TOKEN' ? 'x' : undefined);
    await runJobEndHooks({
      store,
      registry,
      jobId,
      pipeline: pipeline('Hooks', [{ id: 'b', type: 'HookB', config: { label: 'mine' } }, { id: 'plain', type: 'TextGenerator' }, { id: 'a', type: 'HookA' }]),
      status: 'stopped',
      secrets,
      log: (m) => logs.push(m),
    });
    assert.deepEqual(seen.map((s) => s.blockId), ['b', 'a']);
    const [b, a] = seen;
    assert.equal(b.ctx.jobId, String(jobId));
    assert.equal(b.ctx.pipelineName, 'Hooks');
    assert.equal(b.ctx.status, 'stopped');
    assert.deepEqual(b.ctx.config, { label: 'mine' });
    assert.deepEqual(a.ctx.config, { label: 'default label' });
    assert.equal(await b.ctx.secrets('TOKEN'), 'x');
    assert.deepEqual(b.ctx.jobMetadata, { note: 'kept' });
    assert.deepEqual(a.ctx.jobMetadata, { note: 'kept', b: { saw: 3 } }, 'a later hook sees what an earlier one stored');
    assert.deepEqual(b.records.map((r) => [r.metadata.topic, r.status]), [['topic 0', 'failed'], ['topic 0', 'pending'], ['topic 1', 'pending']], 'unit order');
    assert.equal(b.records[1].trace.length, 2);
    assert.deepEqual(store.getJob(jobId)?.metadata, { note: 'kept', b: { saw: 3 }, a: { saw: 3 } });
    assert.deepEqual(logs, []);
  });

  it('a hook that throws: error in hooks.<blockId>.error, logged; later hooks run; records and status untouched', async () => {
    const { store, jobId } = await storeWithJob();
    const before = store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 10 });
    const seen: Parameters<typeof hookBlock>[1] = [];
    const registry = createBlockRegistry([hookBlock('Broken', seen, 'upload exploded'), hookBlock('Fine', seen)]);
    const logs: string[] = [];
    const spec = pipeline('Hooks', [{ id: 'x', type: 'Broken' }, { id: 'y', type: 'Fine' }]);
    await runJobEndHooks({ store, registry, jobId, pipeline: spec, status: 'completed', log: (m) => logs.push(m) });
    assert.deepEqual(seen.map((s) => s.blockId), ['x', 'y']);
    const metadata = store.getJob(jobId)?.metadata;
    assert.deepEqual(metadata?.hooks, { x: { error: 'upload exploded' } });
    assert.deepEqual(metadata?.y, { saw: 3 });
    assert.match(logs.join('\n'), /block 'x' \(Broken\) failed after the job ended: upload exploded/);
    assert.deepEqual(store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 10 }), before);
    assert.equal(store.getJob(jobId)?.status, 'running');

    // The next run succeeds: its stale error is cleared.
    const healed = createBlockRegistry([hookBlock('Broken', []), hookBlock('Fine', [])]);
    await runJobEndHooks({ store, registry: healed, jobId, pipeline: spec, status: 'completed' });
    assert.deepEqual(store.getJob(jobId)?.metadata.hooks, {});
  });

  describe('through the job launcher', () => {
    let openAi: FakeOpenAiServer;
    let langfuse: FakeLangfuseServer;
    beforeEach(async () => {
      openAi = await FakeOpenAiServer.start();
      langfuse = await FakeLangfuseServer.start();
    });
    afterEach(async () => {
      await openAi.close();
      await langfuse.close();
    });

    async function launchContext(extra: BlockDefinition[], overrides: Partial<LaunchContext> = {}): Promise<LaunchContext> {
      const settings = { ...DEFAULT_MODEL_SETTINGS, concurrency: 3, models: [{ name: 'fake', baseUrl: openAi.baseUrl, model: 'fake-model' }] };
      return {
        store: new WorkspaceStore(await openMemoryStoreLog()),
        registry: createBlockRegistry(extra),
        llm: new OpenAiLlmClient({ settings, keys: async () => undefined }),
        settings,
        ...overrides,
      };
    }

    const seeds: Seed[] = [
      { repetitions: 2, metadata: { word: 'alpha' } },
      { repetitions: 1, metadata: { word: 'beta' } },
    ];
    const run = (p: PipelineFile) => ({ pipelinePath: 'p.dgf.json', pipelineText: JSON.stringify(p), pipeline: p, seedsPath: 's.json', seedsHash: seedsHash(JSON.stringify(seeds)), seeds });
    const uploadPipeline = pipeline('Say Words', [
      { id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Say {{ word }}' } },
      { id: 'lf', type: 'LangfuseDatasetBlock' },
    ]);

    it('TextGenerator → LangfuseDatasetBlock uploads every record once the job is done', async () => {
      const logs: string[] = [];
      const ctx = await launchContext([langfuseDataset], { secrets: langfuse.secrets(), log: (m) => logs.push(m) });
      const { job, summary } = await startJob(ctx, run(uploadPipeline));
      assert.equal(summary.status, 'completed');
      assert.equal(summary.succeeded, 3);
      assert.equal(job.status, 'completed');
      const dataset = `say_words_job_${job.id}`;
      const items = langfuse.itemsOf(dataset);
      assert.equal(items.length, 3);
      const inputs = items.map((i) => (i.input as { word: string }).word).sort();
      assert.deepEqual(inputs, ['alpha', 'alpha', 'beta']);
      for (const item of items) {
        const word = (item.input as { word: string }).word;
        assert.deepEqual(item.expectedOutput, { word, assistant: `Echo: Say ${word}`, system: '', user: `Say ${word}` });
        const meta = item.metadata as { status: string; trace: { block_id: string }[] };
        assert.equal(meta.status, 'pending');
        assert.deepEqual(meta.trace.map((t) => t.block_id), ['gen', 'lf']);
      }
      const state = job.metadata.langfuse as LangfuseUploadState;
      assert.equal(state.status, 'uploaded');
      assert.equal(state.items, 3);
      const record = ctx.store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 1 })[0];
      assert.equal(record.output?.langfuse_upload_status, `queued: uploaded to Langfuse dataset '${dataset}' when the job finishes`);
      assert.match(logs.join('\n'), /uploaded 3 record\(s\)/);
    });

    it('a failed upload leaves the job completed with the error in its metadata; resuming uploads without duplicates', async () => {
      const logs: string[] = [];
      const ctx = await launchContext([langfuseDataset], { secrets: langfuse.secrets({ LANGFUSE_SECRET_KEY: 'sk-wrong' }), log: (m) => logs.push(m) });
      const { job } = await startJob(ctx, run(uploadPipeline));
      assert.equal(job.status, 'completed');
      assert.match(String((job.metadata.hooks as Record<string, { error: string }>).lf.error), /HTTP 401/);
      assert.equal((job.metadata.langfuse as LangfuseUploadState).status, 'failed');
      assert.equal(ctx.store.statusCounts(job.id).total, 3);
      assert.match(logs.join('\n'), /block 'lf' \(LangfuseDatasetBlock\) failed after the job ended: Langfuse answered HTTP 401/);

      const fixed = { ...ctx, secrets: langfuse.secrets() };
      const resumed = await resumeJob(fixed, job.id, 'resume', async () => JSON.stringify(seeds));
      assert.equal(resumed.summary.skipped, 3);
      assert.equal(resumed.job.status, 'completed');
      assert.equal(langfuse.itemsOf(`say_words_job_${job.id}`).length, 3);
      assert.equal((resumed.job.metadata.langfuse as LangfuseUploadState).status, 'uploaded');
      assert.deepEqual(resumed.job.metadata.hooks, {}, 'the stale error is cleared');
    });

    it('a throwing hook does not change the job status or its records', async () => {
      const seen: Parameters<typeof hookBlock>[1] = [];
      const ctx = await launchContext([hookBlock('Boom', seen, 'boom')]);
      const { job, summary } = await startJob(ctx, run(pipeline('Boom', [{ id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Say {{ word }}' } }, { id: 'boom', type: 'Boom' }])));
      assert.equal(summary.status, 'completed');
      assert.equal(job.status, 'completed');
      assert.equal(seen.length, 1);
      assert.equal(seen[0].records.length, 3, 'the hook ran after every unit was stored');
      assert.deepEqual(job.metadata.hooks, { boom: { error: 'boom' } });
      assert.deepEqual(ctx.store.statusCounts(job.id), { pending: 3, accepted: 0, rejected: 0, failed: 0, total: 3 });
    });
  });
});
