import assert from 'node:assert/strict';
import type { BlockOutput, JobEndContext, SecretLookup } from '../../../src/core/blocks/blockTypes';
import { withDefaults } from '../../../src/core/blocks/configValues';
import { LangfuseError, readLangfuseCredentials } from '../../../src/core/blocks/langfuseClient';
import { defaultDatasetName, langfuseDataset, type LangfuseUploadState } from '../../../src/core/blocks/langfuseDataset';
import { createBlockContext } from '../../../src/core/run/blockContext';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { sharedRenderer } from '../helpers/sharedRenderer';
import { FakeLangfuseServer } from '../../fixtures/fakeLangfuseServer';
import { ScriptedLlm } from '../helpers/scriptedLlm';
import { newJob, result, steppingClock, writeAll } from '../store/storeTestKit';

const noSecrets: SecretLookup = async () => undefined;

async function execute(secrets: SecretLookup, config: Record<string, unknown> = {}, jobId = '7'): Promise<unknown> {
  const env = { jobId, llm: new ScriptedLlm(), renderer: sharedRenderer, signal: new AbortController().signal, secrets, pipelineName: 'QA Pairs v2' };
  const ctx = createBlockContext(env, { id: 'lf', type: langfuseDataset.type, config, position: { x: 0, y: 0 } }, langfuseDataset, { topic: 'x' });
  return ((await langfuseDataset.execute(ctx)) as BlockOutput).output.langfuse_upload_status;
}

/** A store holding job 1 ('QA pairs'): s0.r0, s0.r1 and s1.r1 succeeded, s1.r0 failed. */
async function jobWithRecords(): Promise<{ store: WorkspaceStore; jobId: number }> {
  const store = new WorkspaceStore(await openMemoryStoreLog(), { clock: steppingClock() });
  const job = await store.createJob(newJob());
  await writeAll(store, job.id, [result(0, 0), result(0, 1), result(1, 0, true), result(1, 1)]);
  return { store, jobId: job.id };
}

/** The context the launcher builds, with the job's live metadata. */
function endContext(store: WorkspaceStore, jobId: number, overrides: Partial<JobEndContext> = {}): JobEndContext & { logs: string[] } {
  const logs: string[] = [];
  return {
    jobId: String(jobId),
    pipelineName: 'QA pairs',
    config: withDefaults(langfuseDataset.configSchema, {}),
    blockId: 'lf',
    status: 'completed',
    records: async function* () {
      for await (const r of store.jobRecords(jobId)) yield { id: r.id, status: r.status, metadata: r.metadata, output: r.output, trace: r.trace };
    },
    jobMetadata: store.getJob(jobId)?.metadata ?? {},
    setJobMetadata: async (patch) => {
      await store.setJobMetadata(jobId, patch);
    },
    secrets: noSecrets,
    signal: new AbortController().signal,
    log: (m) => logs.push(m),
    logs,
    ...overrides,
  };
}

function uploadState(store: WorkspaceStore, jobId: number): LangfuseUploadState {
  return store.getJob(jobId)?.metadata.langfuse as LangfuseUploadState;
}

describe('LangfuseDatasetBlock', () => {
  let server: FakeLangfuseServer;
  beforeEach(async () => {
    server = await FakeLangfuseServer.start();
  });
  afterEach(() => server.close());

  describe('execute', () => {
    it('reports a skip when either Langfuse key is missing', async () => {
      const expected = 'skipped: no Langfuse keys (set LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY)';
      assert.equal(await execute(noSecrets), expected);
      assert.equal(await execute(server.secrets({ LANGFUSE_SECRET_KEY: undefined })), expected);
      assert.equal(await execute(server.secrets({ LANGFUSE_PUBLIC_KEY: '  ' })), expected);
    });

    it('with keys, says the upload is queued for the end of the job, naming the dataset', async () => {
      assert.equal(await execute(server.secrets()), "queued: uploaded to Langfuse dataset 'qa_pairs_v2_job_7' when the job finishes");
      assert.equal(await execute(server.secrets(), { dataset_name: ' eval-set ' }), "queued: uploaded to Langfuse dataset 'eval-set' when the job finishes");
      assert.equal(server.counters.requests, 0, 'execute sends nothing');
    });

    it('outside a job there is nothing to upload', async () => {
      assert.match(String(await execute(server.secrets(), {}, '0')), /^skipped: not running in a job/);
    });

    it('reads keys and host from the secrets: Langfuse Cloud by default, no trailing slash, no user info', async () => {
      const keys = { LANGFUSE_PUBLIC_KEY: 'pk', LANGFUSE_SECRET_KEY: 'sk' };
      const lookup = (values: Record<string, string>) => async (name: string) => values[name];
      assert.deepEqual(await readLangfuseCredentials(lookup(keys)), { publicKey: 'pk', secretKey: 'sk', host: 'https://cloud.langfuse.com' });
      assert.equal((await readLangfuseCredentials(lookup({ ...keys, LANGFUSE_HOST: 'https://lf.example.com/' })))?.host, 'https://lf.example.com');
      assert.equal((await readLangfuseCredentials(lookup({ ...keys, LANGFUSE_BASE_URL: 'https://eu.example.com' })))?.host, 'https://eu.example.com');
      assert.equal((await readLangfuseCredentials(lookup({ ...keys, LANGFUSE_HOST: 'https://u:p@lf.example.com/x/' })))?.host, 'https://lf.example.com/x');
    });

    it('declares its contract', () => {
      assert.equal(langfuseDataset.name, 'Langfuse Dataset Upload');
      assert.equal(langfuseDataset.category, 'integrations');
      assert.deepEqual(langfuseDataset.inputs, ['*']);
      assert.deepEqual(langfuseDataset.outputs, ['langfuse_upload_status']);
      assert.equal(langfuseDataset.configSchema.properties.dataset_name.default, '');
      assert.equal(defaultDatasetName('  My  Great Pipeline ', '12'), 'my_great_pipeline_job_12');
      assert.equal(defaultDatasetName('', '3'), 'pipeline_job_3');
    });
  });

  describe('onJobEnd', () => {
    it("uploads every succeeded record of the job to '<pipeline>_job_<id>'", async () => {
      const { store, jobId } = await jobWithRecords();
      const ctx = endContext(store, jobId, { secrets: server.secrets() });
      await langfuseDataset.onJobEnd?.(ctx);

      assert.deepEqual([...server.datasets.keys()], ['qa_pairs_job_1']);
      const items = server.itemsOf('qa_pairs_job_1').sort((a, b) => String(a.id).localeCompare(String(b.id)));
      assert.equal(items.length, 3, 'the failed execution is not uploaded');
      const records = store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 10 }).filter((r) => r.status !== 'failed');
      for (const record of records) {
        const item = items.find((i) => (i.metadata as { record_id: number }).record_id === record.id);
        assert.ok(item, `record ${record.id} uploaded`);
        assert.deepEqual(item.input, record.metadata);
        // The record's output (seed fields included), without internal `_` keys.
        assert.deepEqual(item.expectedOutput, { topic: record.metadata.topic, question: `Q ${record.unitKey}`, answer: `A ${record.unitKey}` });
        assert.deepEqual(item.metadata, { record_id: record.id, status: 'pending', trace: store.getRecord(record.id)?.trace });
        assert.match(item.id, new RegExp(`^dgf-[0-9a-f]{16}-${record.id}$`));
      }
      const expectedAuth = `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}`;
      assert.ok(server.authHeaders.every((h) => h === expectedAuth));

      const state = uploadState(store, jobId);
      assert.equal(state.status, 'uploaded');
      assert.equal(state.uploaded, true);
      assert.equal(state.dataset, 'qa_pairs_job_1');
      assert.equal(state.items, 3);
      assert.equal(state.lastRecordId, Math.max(...records.map((r) => r.id)));
      assert.equal(state.host, server.host);
      assert.ok(!JSON.stringify(store.getJob(jobId)?.metadata).includes('sk-lf-test'), 'the secret key is never stored');
      assert.match(ctx.logs.join('\n'), /uploaded 3 record\(s\) of job 1 to dataset 'qa_pairs_job_1'/);
    });

    it('is idempotent: a second call sends nothing; after a resume only the new records are sent', async () => {
      const { store, jobId } = await jobWithRecords();
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() }));
      const requests = server.counters.requests;
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() }));
      assert.equal(server.counters.requests, requests, 'nothing new, nothing sent');
      assert.equal(server.items.size, 3);

      // A resume: the failed unit is retried and succeeds, a new seed adds another record.
      await writeAll(store, jobId, [result(1, 0), result(2, 0)]);
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() }));
      assert.equal(server.counters.itemPosts, 5, 'only the two new records were posted');
      assert.equal(server.counters.itemUpserts, 0);
      assert.equal(server.itemsOf('qa_pairs_job_1').length, 5, 'no duplicates');
      assert.equal(uploadState(store, jobId).items, 5);
    });

    it('without keys: skipped, recorded in the job, nothing sent', async () => {
      const { store, jobId } = await jobWithRecords();
      const ctx = endContext(store, jobId);
      await langfuseDataset.onJobEnd?.(ctx);
      assert.equal(server.counters.requests, 0);
      const state = uploadState(store, jobId);
      assert.equal(state.status, 'skipped');
      assert.equal(state.uploaded, false);
      assert.match(state.reason ?? '', /LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY/);
      assert.match(ctx.logs.join('\n'), /skipped/);
    });

    it('a failed or cancelled job uploads nothing', async () => {
      const { store, jobId } = await jobWithRecords();
      for (const status of ['failed', 'cancelled'] as const) {
        await langfuseDataset.onJobEnd?.(endContext(store, jobId, { status, secrets: server.secrets() }));
        assert.equal(uploadState(store, jobId).status, 'skipped');
      }
      assert.equal(server.counters.requests, 0);
    });

    it('a stopped job (constraint reached) uploads what it produced', async () => {
      const { store, jobId } = await jobWithRecords();
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { status: 'stopped', secrets: server.secrets() }));
      assert.equal(server.items.size, 3);
    });

    it('a job without succeeded records creates no dataset', async () => {
      const store = new WorkspaceStore(await openMemoryStoreLog());
      const job = await store.createJob(newJob());
      await writeAll(store, job.id, [result(0, 0, true)]);
      await langfuseDataset.onJobEnd?.(endContext(store, job.id, { secrets: server.secrets() }));
      assert.equal(server.counters.requests, 0);
      assert.equal(uploadState(store, job.id).reason, 'the job has no succeeded records');
    });

    it('401: throws with the status and Langfuse message, records it in the job, leaves the records alone', async () => {
      const { store, jobId } = await jobWithRecords();
      const before = store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 10 });
      const ctx = endContext(store, jobId, { secrets: server.secrets({ LANGFUSE_SECRET_KEY: 'sk-wrong' }) });
      await assert.rejects(langfuseDataset.onJobEnd?.(ctx) ?? Promise.resolve(), (e: unknown) => {
        assert.ok(e instanceof LangfuseError);
        assert.equal(e.status, 401);
        assert.match(e.message, /HTTP 401 to POST \/api\/public\/v2\/datasets: Invalid credentials/);
        assert.ok(!e.message.includes('sk-wrong'));
        return true;
      });
      assert.equal(server.counters.requests, 1, '401 is not retried');
      const state = uploadState(store, jobId);
      assert.equal(state.status, 'failed');
      assert.equal(state.uploaded, false);
      assert.match(state.error ?? '', /HTTP 401/);
      assert.deepEqual(store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 10 }), before);
      assert.equal(store.getJob(jobId)?.status, 'running');
    });

    it('retries 500 and 429 answers, then uploads everything once', async () => {
      const { store, jobId } = await jobWithRecords();
      server.failNext(500);
      server.failNext(429);
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() }));
      assert.equal(server.counters.byStatus[500], 1);
      assert.equal(server.counters.byStatus[429], 1);
      assert.equal(server.items.size, 3);
      assert.equal(uploadState(store, jobId).status, 'uploaded');
    });

    it('gives up after 5 attempts on a persistent 5xx', async () => {
      const { store, jobId } = await jobWithRecords();
      server.failNext(503, 5);
      await assert.rejects(langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() })) ?? Promise.resolve(), /HTTP 503 .* after 5 attempts: Injected fault 503/);
      assert.equal(server.counters.requests, 5);
      assert.equal(uploadState(store, jobId).status, 'failed');
    });

    it('after an upload failed midway, the next call re-sends every record under the same ids (upserts, no duplicates)', async () => {
      const { store, jobId } = await jobWithRecords();
      server.passNext(2);
      server.failNext(400);
      await assert.rejects(langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() })) ?? Promise.resolve(), /HTTP 400/);
      const partial = server.items.size;
      assert.ok(partial >= 1 && partial < 3, `some items stored before the failure (${partial})`);
      const firstIds = new Set(server.items.keys());
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets() }));
      assert.equal(server.itemsOf('qa_pairs_job_1').length, 3);
      assert.equal(server.counters.itemUpserts, partial, 'items sent before were replaced, not duplicated');
      assert.ok([...firstIds].every((id) => server.items.has(id)));
      assert.equal(uploadState(store, jobId).items, 3);
    });

    it('sends at most 4 items at once', async () => {
      const store = new WorkspaceStore(await openMemoryStoreLog());
      const job = await store.createJob(newJob({ total: 12 }));
      await writeAll(store, job.id, Array.from({ length: 12 }, (_, i) => result(i, 0)));
      const slow = await FakeLangfuseServer.start({ latencyMs: 20 });
      try {
        await langfuseDataset.onJobEnd?.(endContext(store, job.id, { secrets: slow.secrets() }));
        assert.equal(slow.items.size, 12);
        assert.equal(slow.counters.maxInFlight, 4);
      } finally {
        await slow.close();
      }
    });

    it('stops at once when the signal is aborted', async () => {
      const { store, jobId } = await jobWithRecords();
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(langfuseDataset.onJobEnd?.(endContext(store, jobId, { secrets: server.secrets(), signal: controller.signal })) ?? Promise.resolve(), /cancelled/);
      assert.equal(server.counters.requests, 0);
      assert.equal(uploadState(store, jobId).status, 'failed');
    });

    // mirrors the original lib/blocks/builtin/langfuse.py (`expected_output=record.output`; the original has no
    // Langfuse test): a pipeline whose blocks rewrite fields the seed already has (here a FieldMapper-style
    // rewrite of question/answer) uploaded `expectedOutput: {}`, because every key the seed also has was dropped.
    it("uploads the record's output even when the blocks rewrote the seed's own fields", async () => {
      const store = new WorkspaceStore(await openMemoryStoreLog(), { clock: steppingClock() });
      const job = await store.createJob(newJob());
      const seed = { question: 'What is 2+2?', answer: '4' };
      const rewritten = { ...result(0, 0), metadata: seed, output: { question: 'What is two plus two?', answer: 'Four.', _raw: 'x', langfuse_upload_status: 'queued' } };
      await writeAll(store, job.id, [rewritten]);
      await langfuseDataset.onJobEnd?.(endContext(store, job.id, { secrets: server.secrets() }));
      const [item] = server.itemsOf(`qa_pairs_job_${job.id}`);
      assert.deepEqual(item.input, seed);
      assert.deepEqual(item.expectedOutput, { question: 'What is two plus two?', answer: 'Four.' });
    });

    it('uses the configured dataset name', async () => {
      const { store, jobId } = await jobWithRecords();
      const config = withDefaults(langfuseDataset.configSchema, { dataset_name: 'golden' });
      await langfuseDataset.onJobEnd?.(endContext(store, jobId, { config, secrets: server.secrets() }));
      assert.deepEqual([...server.datasets.keys()], ['golden']);
      assert.equal(server.itemsOf('golden').length, 3);
    });
  });
});
