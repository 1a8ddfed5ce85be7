import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { DEFAULT_MODEL_SETTINGS, type ChatRequest, type ChatResponse, type EmbedResponse, type LlmPort, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { planTable } from '../../../src/core/plan/planText';
import { readPlanHistory, withTries } from '../../../src/core/plan/planHistory';
import { planRun } from '../../../src/core/plan/planRun';
import { chatInputTokens, textTokens } from '../../../src/core/plan/promptTokens';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { startJob } from '../../../src/core/run/jobLauncher';
import type { Seed } from '../../../src/core/seeds/seedTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { trySeed } from '../../../src/core/try/trySeed';
import type { TryRecord } from '../../../src/core/try/tryTypes';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

const registry = createBlockRegistry();
const pipeline: PipelineFile = {
  version: 1,
  name: 'QA',
  blocks: [
    { id: 'ask', type: 'TextGenerator', config: { user_prompt: 'Ask about {{ topic }}', max_tokens: 100 }, position: { x: 0, y: 0 } },
    { id: 'answer', type: 'TextGenerator', config: { user_prompt: 'Answer: {{ assistant }}', max_tokens: 300 }, position: { x: 0, y: 100 } },
  ],
  edges: [
    { source: 'start', target: 'ask' },
    { source: 'ask', target: 'answer' },
    { source: 'answer', target: 'end' },
  ],
};
const settings: ModelSettings = { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'm', baseUrl: 'http://127.0.0.1:1/v1', model: 'm', pricePer1kInput: 1, pricePer1kOutput: 2 }], concurrency: 2 };
const seeds: Seed[] = [
  { repetitions: 3, metadata: { topic: 'tides' } },
  { repetitions: 1, metadata: { topic: 'the history of the bicycle in Europe' } },
];

/** Answers with the prompt twice, usage counted as the plan counts. */
class CountingLlm implements LlmPort {
  async chat(request: ChatRequest): Promise<ChatResponse> {
    const prompt = request.messages.at(-1)?.content ?? '';
    const content = `${prompt} ${prompt}`;
    return { content, usage: { input_tokens: chatInputTokens(request.messages, request.responseFormat), output_tokens: textTokens(content), cached_tokens: 0 }, model: 'm' };
  }
  async embed(): Promise<EmbedResponse> {
    throw new Error('not used');
  }
}

const tried = (seedIndex: number): Promise<TryRecord> => trySeed({ pipeline, seed: seeds[seedIndex], seedIndex, registry, llm: new CountingLlm() });

describe('plan: tries count as history', () => {
  it('before any job, the kept tries give each block its output tokens (source: tries) and later prompts their real answers', async () => {
    const tries = [await tried(0), await tried(1)];
    const outputs = (blockId: string) => tries.map((t) => t.blocks.find((b) => b.blockId === blockId)?.usage?.output_tokens ?? NaN);
    const history = withTries(undefined, tries);
    assert.ok(history);
    assert.deepEqual([history.jobIds, history.tries], [[], 2]);
    const plan = await planRun({ pipeline, seeds, registry, settings, history });
    const [ask, answer] = plan.blocks;
    const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
    assert.deepEqual([ask.outputSource, answer.outputSource, plan.totals.outputSource], ['tries', 'tries', 'tries']);
    assert.equal(ask.outputTokens, Math.round(mean(outputs('ask')) * 4));
    assert.equal(answer.outputTokens, Math.round(mean(outputs('answer')) * 4));
    // Each sampled seed was tried: its answer block's prompt is the one the try sent, no placeholder.
    assert.deepEqual(plan.blocks.map((b) => b.placeholders), [[], []]);
    assert.equal(plan.totals.placeholderInputTokens, undefined, 'nothing guessed');
    const tryInput = (t: TryRecord) => t.blocks.reduce((s, b) => s + (b.usage?.input_tokens ?? 0), 0);
    assert.equal(plan.totals.inputTokens, 3 * tryInput(tries[0]) + tryInput(tries[1]));
    assert.equal(plan.historyTries, 2);
    assert.deepEqual(plan.historyJobIds, []);
    assert.equal(plan.time.source, 'unknown', 'time is measured from jobs only');
    assert.ok(plan.notes.includes('Output tokens and outputs from 2 kept try(s) of this pipeline (no earlier job).'), plan.notes.join('\n'));
    assert.match(planTable(plan), /^ask\s+TextGenerator\s+4\s+[\d,]+\s+[\d,]+ \(tries\)/m);
  });

  it('with a job too, both count (source: jobs and tries); a reused answer in a try counts no tokens; no tries, no change', async () => {
    const store = new WorkspaceStore(await openMemoryStoreLog());
    await startJob({ store, registry, llm: new CountingLlm(), settings }, { pipelinePath: 'qa.dgf.json', pipelineText: JSON.stringify(pipeline), pipeline, seedsPath: 's.json', seedsHash: seedsHash(JSON.stringify(seeds)), seeds });
    const jobs = await readPlanHistory(store, 'qa.dgf.json');
    assert.ok(jobs);
    const fromJobs = jobs.blocks.get('ask');
    assert.ok(fromJobs);
    const t = await tried(1);
    const reused: TryRecord = { ...t, id: 'reused', blocks: t.blocks.map((b) => ({ ...b, reused: true })) };
    const history = withTries(jobs, [t, reused]);
    assert.ok(history);
    const ask = history.blocks.get('ask');
    assert.deepEqual([ask?.entries, ask?.tryEntries, ask?.outputTokens], [fromJobs.entries + 1, 1, fromJobs.outputTokens + (t.blocks[0].usage?.output_tokens ?? NaN)]);
    assert.equal(jobs.blocks.get('ask')?.entries, fromJobs.entries, 'the jobs history is not changed');
    const plan = await planRun({ pipeline, seeds, registry, settings, history });
    assert.deepEqual(plan.blocks.map((b) => b.outputSource), ['earlier-jobs-and-tries', 'earlier-jobs-and-tries']);
    assert.equal(plan.totals.outputSource, 'earlier-jobs-and-tries');
    assert.equal(plan.time.source, 'earlier-jobs');
    assert.ok(plan.notes.some((n) => /^Output tokens, outputs and time from 4 record\(s\) of earlier job\(s\) #1, output tokens and outputs also from 2 kept try\(s\)\.$/.test(n)), plan.notes.join('\n'));
    assert.equal(withTries(jobs, []), jobs);
    assert.equal(withTries(undefined, []), undefined);
  });

  it('a block that feeds its own answers back (a conversation\'s turns) is planned with answers of the measured size once a job has run', async () => {
    const chat: PipelineFile = {
      version: 1,
      name: 'Chat',
      blocks: [
        {
          id: 'chat',
          type: 'ConversationGenerator',
          config: { assistant_instructions: 'You help.', user_persona: 'A user.', scenario: '{{ topic }}', min_turns: 3, max_turns: 3, mode: 'per_turn', max_tokens: 400 },
          position: { x: 0, y: 0 },
        },
      ],
      edges: [
        { source: 'start', target: 'chat' },
        { source: 'chat', target: 'end' },
      ],
    };
    /** Short answers: the placeholder guess (~150 tokens a turn) would be far too long for them. */
    class ShortLlm implements LlmPort {
      async chat(request: ChatRequest): Promise<ChatResponse> {
        return { content: 'Fine, thanks.', usage: { input_tokens: chatInputTokens(request.messages, request.responseFormat), output_tokens: textTokens('Fine, thanks.'), cached_tokens: 0 }, model: 'm' };
      }
      async embed(): Promise<EmbedResponse> {
        throw new Error('not used');
      }
    }
    const store = new WorkspaceStore(await openMemoryStoreLog());
    const { job } = await startJob({ store, registry, llm: new ShortLlm(), settings }, { pipelinePath: 'chat.dgf.json', pipelineText: JSON.stringify(chat), pipeline: chat, seedsPath: 's.json', seedsHash: seedsHash(JSON.stringify(seeds)), seeds });
    const before = await planRun({ pipeline: chat, seeds, registry, settings });
    const after = await planRun({ pipeline: chat, seeds, registry, settings, history: await readPlanHistory(store, 'chat.dgf.json') });
    assert.ok(before.totals.inputTokens > 2 * job.usage.input_tokens, `the guess overshoots short answers: ${before.totals.inputTokens} vs ${job.usage.input_tokens}`);
    const error = Math.abs(after.totals.inputTokens - job.usage.input_tokens) / job.usage.input_tokens;
    assert.ok(error < 0.1, `within 10% once a job measured the answers: ${after.totals.inputTokens} vs ${job.usage.input_tokens}`);
    assert.equal(after.blocks[0].calls, before.blocks[0].calls, 'the measuring pass is not counted');
  });
});
