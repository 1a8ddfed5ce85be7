import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createBlockRegistry } from '../../src/core/blocks/blockRegistry';
import { DEFAULT_MODEL_SETTINGS } from '../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../src/core/llm/openAiClient';
import { executionOrder } from '../../src/core/pipeline/executionOrder';
import { parsePipeline } from '../../src/core/pipeline/parsePipeline';
import { runJob } from '../../src/core/run/jobRunner';
import type { UnitResult } from '../../src/core/records/unitResult';
import { checkSeedFile } from '../../src/core/seeds/checkSeedFile';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';

/** The engine inside the real extension host: workspace files read through VS Code, HTTP to a loopback model. */
describe('engine in the extension host', () => {
  async function read(name: string): Promise<string> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, name)));
  }

  it('runs a two-block pipeline over the workspace seeds against the fake server', async () => {
    const server = await FakeOpenAiServer.start({ latencyMs: 5 });
    try {
      const registry = createBlockRegistry();
      const parsed = parsePipeline(await read('qa.dgf.json'), registry);
      assert.deepEqual(parsed.problems, []);
      assert.ok(parsed.pipeline);
      const seeds = checkSeedFile(await read('topics.json'), 'topics.json', parsed.pipeline, registry);
      assert.deepEqual(seeds.problems, []);

      const results: UnitResult[] = [];
      const llm = new OpenAiLlmClient({
        settings: { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }] },
        keys: async () => undefined,
      });
      const summary = await runJob({
        jobId: 'it-1',
        blocks: executionOrder(parsed.pipeline),
        seeds: seeds.seeds,
        registry,
        llm,
        sink: { write: async (r) => void results.push(r) },
        concurrency: 4,
      });

      assert.equal(summary.status, 'completed');
      assert.equal(summary.succeeded, 3);
      assert.equal(summary.failed, 0);
      assert.equal(server.counters.chat, 6);
      const rivers = results.find((r) => r.key === 's1.r0');
      assert.equal(rivers?.output?.assistant, 'Echo: Answer briefly: Echo: Ask one question about rivers.');
      assert.deepEqual(rivers?.trace.map((t) => t.block_id), ['question', 'answer']);
    } finally {
      await server.close();
    }
  });

  it('refuses a template that reaches for JavaScript internals, inside the host too', async () => {
    const registry = createBlockRegistry();
    const parsed = parsePipeline(await read('qa.dgf.json'), registry);
    assert.ok(parsed.pipeline);
    const evil = executionOrder(parsed.pipeline).slice(0, 1).map((b) => ({ ...b, config: { user_prompt: '{{ range.constructor("return process")() }}' } }));
    const results: UnitResult[] = [];
    const llm = { chat: async () => assert.fail('no request may be sent'), embed: async () => assert.fail('no request may be sent') };
    await runJob({ jobId: 'it-2', blocks: evil, seeds: [{ repetitions: 1, metadata: {} }], registry, llm, sink: { write: async (r) => void results.push(r) }, concurrency: 1 });
    assert.equal(results[0].status, 'failed');
    assert.match(results[0].error?.message ?? '', /access to 'constructor' is not allowed in templates/);
  });
});
