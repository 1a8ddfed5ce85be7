// Runs a shipped template, exactly as `datagenflow new` writes it, through the job launcher into an in-memory
// workspace store, against the fake OpenAI server.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BlockRegistry } from '../../../src/core/blocks/blockTypes';
import { DEFAULT_MODEL_SETTINGS, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { defaultTemplatesDir, listTemplates } from '../../../src/core/pipelineTemplates/builtinTemplates';
import { startJob } from '../../../src/core/run/jobLauncher';
import type { RunSummary } from '../../../src/core/run/runTypes';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import type { RecordSummary } from '../../../src/core/store/storeTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import type { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

export interface TemplateRun {
  summary: RunSummary;
  /** In unit order (seed, then chunk). */
  records: RecordSummary[];
}

export function fakeSettings(server: FakeOpenAiServer): ModelSettings {
  return {
    ...DEFAULT_MODEL_SETTINGS,
    models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }],
    embeddingModels: [{ name: 'embed', baseUrl: server.baseUrl, model: 'fake-embed' }],
    concurrency: 4,
    requestTimeoutMs: 10_000,
    maxRetries: 0,
  };
}

export async function runTemplate(id: string, registry: BlockRegistry, server: FakeOpenAiServer): Promise<TemplateRun> {
  const template = (await listTemplates(defaultTemplatesDir())).find((t) => t.id === id);
  assert.ok(template, `template ${id} exists`);
  const pipelineText = await readFile(template.pipelineFile, 'utf8');
  const seedsText = await readFile(template.seedFile, 'utf8');
  const parsed = parsePipeline(pipelineText, registry);
  assert.deepEqual(parsed.problems, []);
  assert.ok(parsed.pipeline);
  const seeds = checkSeedFile(seedsText, template.seedFile, parsed.pipeline, registry);
  assert.deepEqual(seeds.problems, []);

  const settings = fakeSettings(server);
  const log = await openMemoryStoreLog();
  try {
    const store = new WorkspaceStore(log);
    const { job, summary } = await startJob(
      { store, registry, llm: new OpenAiLlmClient({ settings, keys: async () => undefined }), settings },
      { pipelinePath: resolve(template.pipelineFile), pipelineText, pipeline: parsed.pipeline, seedsPath: template.seedFile, seedsHash: seedsHash(seedsText), seeds: seeds.seeds },
    );
    const records = store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 1000 });
    return { summary, records };
  } finally {
    await log.close();
  }
}

/** A record's output, asserting it succeeded. */
export function outputOf(record: RecordSummary): Record<string, unknown> {
  assert.equal(record.status, 'pending', `record ${record.unitKey} succeeded (${record.error ?? ''})`);
  assert.ok(record.output);
  return record.output;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
