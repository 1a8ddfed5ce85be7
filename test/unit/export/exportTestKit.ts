import type { UnitResult } from '../../../src/core/records/unitResult';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import type { RecordSummary } from '../../../src/core/store/storeTypes';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openStore, writeAll } from '../store/storeTestKit';

const usage = { input_tokens: 10, output_tokens: 5, cached_tokens: 0 };

export const CHAT_PIPELINE: PipelineFile = {
  version: 1,
  name: 'Multi-turn Chat',
  blocks: [{ id: 'chat', type: 'ConversationGenerator', config: { model: 'gpt-test', temperature: 0.8, max_tokens: 400, user_persona: '{{ persona }}' }, position: { x: 0, y: 0 } }],
  edges: [],
};

/** A chat record: metadata {persona, topic}, messages (system, user, assistant…), score, tags, a nested judge object. */
export function chatResult(seedIndex: number, repetition: number, overrides: Record<string, unknown> = {}): UnitResult {
  const key = `s${seedIndex}.r${repetition}`;
  const metadata = { persona: `persona ${seedIndex}`, topic: `topic ${seedIndex}` };
  const output = {
    ...metadata,
    messages: [
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: `Question ${key}, "quoted", with a comma` },
      { role: 'assistant', content: `Answer ${key}\nsecond line` },
    ],
    question: `Question ${key}`,
    answer: `Answer ${key}`,
    score: seedIndex + repetition,
    ratio: seedIndex === 1 ? 0.5 : 1,
    tags: ['chat', key],
    judge: { passed: seedIndex % 2 === 0, notes: `note ${key}` },
    ...overrides,
  };
  return { key, seedIndex, repetition, status: 'succeeded', metadata, output, trace: [], usage, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5 };
}

function failedResult(seedIndex: number): UnitResult {
  const key = `s${seedIndex}.r0`;
  return { key, seedIndex, repetition: 0, status: 'failed', metadata: { persona: 'p', topic: 't' }, output: null, error: { message: 'HTTP 500', blockId: 'chat', blockType: 'ConversationGenerator' }, trace: [], usage, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5 };
}

/**
 * Job 1 (chat pipeline): seeds 0..n-1 × 1 repetition, accepted except the last two (pending); seed `n` failed;
 * the record of seed 2 has no assistant message (not mappable to chat). Record ids follow the seed order.
 */
export async function chatJob(n = 6, pipeline: PipelineFile = CHAT_PIPELINE): Promise<WorkspaceStore> {
  const { store } = await openStore();
  const { id } = await store.createJob(newJob({ pipelineName: pipeline.name, pipelineSnapshot: pipeline, pipelinePath: 'pipelines/chat.dgf.json', total: n + 1 }));
  const results: UnitResult[] = [];
  for (let s = 0; s < n; s++) results.push(s === 2 ? chatResult(s, 0, { messages: [{ role: 'user', content: 'only a question' }] }) : chatResult(s, 0));
  results.push(failedResult(n));
  await writeAll(store, id, results);
  await store.setStatus(Array.from({ length: n - 2 }, (_, i) => i + 1), 'accepted');
  return store;
}

/** Every record of the job in unit order, as the database holds them (the comparison side of round trips). */
export function databaseRecords(store: WorkspaceStore, jobId: number, filter: (r: RecordSummary) => boolean): RecordSummary[] {
  return store.pageRecords(jobId, { order: 'unit', offset: 0, limit: 1000 }).filter(filter);
}
