import * as assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBlockRegistry } from '../../src/core/blocks/blockRegistry';
import { DEFAULT_MODEL_SETTINGS } from '../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../src/core/llm/openAiClient';
import { startJob } from '../../src/core/run/jobLauncher';
import { exportJsonl } from '../../src/core/store/exportJsonl';
import { openWorkspaceStore } from '../../src/core/store/openWorkspaceStore';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { seedsHash } from '../../src/core/seeds/seedsHash';

/** sql.js (WASM) inside the real extension host: a job stored durably, reopened, exported. */
describe('workspace database in the extension host', () => {
  it('stores a job run against the fake server, survives a reopen, and exports JSONL', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dgf-it-store-'));
    const dbPath = join(dir, 'datagenflow.db');
    const server = await FakeOpenAiServer.start();
    try {
      const settings = { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }] };
      const registry = createBlockRegistry();
      const pipeline = {
        version: 1,
        name: 'One step',
        blocks: [{ id: 'g', type: 'TextGenerator', config: { user_prompt: 'Say {{ word }}' }, position: { x: 0, y: 0 } }],
        edges: [{ source: 'start', target: 'g' }, { source: 'g', target: 'end' }],
      };
      const seeds = [{ repetitions: 2, metadata: { word: 'hi' } }];
      const first = await openWorkspaceStore(dbPath, 'integration test');
      const { job, summary } = await startJob(
        { store: first.store, registry, llm: new OpenAiLlmClient({ settings, keys: async () => undefined }), settings },
        { pipelinePath: 'p.dgf.json', pipelineText: JSON.stringify(pipeline), pipeline, seedsPath: 's.json', seedsHash: seedsHash(JSON.stringify(seeds)), seeds },
      );
      assert.equal(summary.succeeded, 2);
      await first.close();

      const again = await openWorkspaceStore(dbPath, 'integration test');
      try {
        assert.equal(again.store.getJob(job.id)?.status, 'completed');
        assert.deepEqual(again.store.statusCounts(job.id), { pending: 2, accepted: 0, rejected: 0, failed: 0, total: 2 });
        const out = join(dir, 'export.jsonl');
        const result = await exportJsonl(again.store, { jobId: job.id, outPath: out });
        assert.equal(result.count, 2);
        const line = JSON.parse((await readFile(out, 'utf8')).split('\n')[0]) as { accumulated_state: { assistant: string } };
        assert.equal(line.accumulated_state.assistant, 'Echo: Say hi');
      } finally {
        await again.close();
      }
    } finally {
      await server.close();
    }
  });
});
