import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { DEFAULT_MODEL_SETTINGS, type ChatRequest, type ChatResponse, type EmbedResponse, type LlmPort, type ModelSettings } from '../../../src/core/llm/llmTypes';
import { placeholderText, TEXT_ANSWER_TOKENS } from '../../../src/core/plan/placeholderAnswers';
import { readPlanHistory } from '../../../src/core/plan/planHistory';
import { planRun } from '../../../src/core/plan/planRun';
import { chatInputTokens, textTokens } from '../../../src/core/plan/promptTokens';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { startJob } from '../../../src/core/run/jobLauncher';
import type { Seed } from '../../../src/core/seeds/seedTypes';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

const registry = createBlockRegistry();
const pipeline: PipelineFile = {
  version: 1,
  name: 'QA',
  blocks: [
    { id: 'ask', type: 'TextGenerator', config: { system_prompt: 'You ask questions.', user_prompt: 'Ask about {{ topic }}', max_tokens: 100 }, position: { x: 0, y: 0 } },
    { id: 'answer', type: 'TextGenerator', config: { user_prompt: 'Answer: {{ assistant }}', max_tokens: 300, model: 'big' }, position: { x: 0, y: 100 } },
  ],
  edges: [
    { source: 'start', target: 'ask' },
    { source: 'ask', target: 'answer' },
    { source: 'answer', target: 'end' },
  ],
};
const settings: ModelSettings = {
  ...DEFAULT_MODEL_SETTINGS,
  models: [
    { name: 'small', baseUrl: 'http://127.0.0.1:1/v1', model: 's', pricePer1kInput: 1, pricePer1kOutput: 2 },
    { name: 'big', baseUrl: 'http://127.0.0.1:1/v1', model: 'b', pricePer1kInput: 10, pricePer1kOutput: 20 },
  ],
  concurrency: 2,
};
const seeds: Seed[] = [
  { repetitions: 3, metadata: { topic: 'tides' } },
  { repetitions: 1, metadata: { topic: 'the history of the bicycle in Europe' } },
];

/** Answers like a model that repeats the question twice, and reports usage counted as the plan counts. */
class CountingLlm implements LlmPort {
  readonly inputTokens: number[] = [];
  async chat(request: ChatRequest): Promise<ChatResponse> {
    const input = chatInputTokens(request.messages, request.responseFormat);
    this.inputTokens.push(input);
    const content = `${request.messages.at(-1)?.content ?? ''} ${request.messages.at(-1)?.content ?? ''}`;
    return { content, usage: { input_tokens: input, output_tokens: textTokens(content), cached_tokens: 0 }, model: request.model ?? 'small' };
  }
  async embed(): Promise<EmbedResponse> {
    throw new Error('not used');
  }
}

const system = { content: 'You ask questions.' };
const askTokens = (topic: string) => chatInputTokens([system, { content: `Ask about ${topic}` }]);

describe('planRun', () => {
  it('counts units, calls and the rendered prompts of every block; answers are max_tokens bounds and later prompts see named placeholders', async () => {
    const plan = await planRun({ pipeline, seeds, registry, settings });
    assert.equal(plan.units, 4);
    assert.equal(plan.unitsExact, true);
    assert.equal(plan.sampledUnits, 2);
    const [ask, answer] = plan.blocks;
    assert.equal(ask.calls, 4);
    assert.equal(ask.inputTokens, 3 * askTokens('tides') + askTokens('the history of the bicycle in Europe'));
    assert.equal(ask.outputTokens, 400);
    assert.equal(ask.outputSource, 'max-tokens');
    assert.deepEqual(ask.models, ['small']);
    assert.deepEqual(ask.placeholders, ['assistant']);
    // An empty system prompt falls back to the state's `system` (the ask block's), as in a run.
    const answerPrompt = chatInputTokens([system, { content: `Answer: ${placeholderText('ask', TEXT_ANSWER_TOKENS)}` }]);
    assert.equal(answer.inputTokens, 4 * answerPrompt);
    // The placeholder's tokens are the guessed share of the estimate, said apart.
    assert.equal(answer.placeholderInputTokens, 4 * textTokens(placeholderText('ask', TEXT_ANSWER_TOKENS)));
    assert.equal(ask.placeholderInputTokens, undefined);
    assert.equal(plan.totals.placeholderInputTokens, answer.placeholderInputTokens);
    const share = Math.round(((answer.placeholderInputTokens ?? 0) / plan.totals.inputTokens) * 100);
    assert.ok(plan.notes.some((n) => n.includes(`of the input tokens (${share}%) are those guesses, not counts`) && n.includes('Try a seed')), plan.notes.join('\n'));
    assert.equal(answer.outputTokens, 1200);
    assert.deepEqual(answer.models, ['big']);
    // Cost at each block's model prices, answers at max_tokens.
    const expectedCost = (ask.inputTokens * 1 + 400 * 2 + answer.inputTokens * 10 + 1200 * 20) / 1000;
    assert.ok(Math.abs((plan.totals.cost ?? 0) - expectedCost) < 1e-9);
    assert.equal(plan.totals.costComplete, true);
    assert.equal(plan.totals.outputSource, 'max-tokens');
    assert.equal(plan.time.ms, undefined);
    assert.equal(plan.time.source, 'unknown');
    assert.ok(plan.notes.some((n) => n.includes('ask.assistant')));
    assert.ok(plan.notes.some((n) => n.startsWith('Time: unknown')));
  });

  it('after a job: its outputs feed later prompts, its answers give the output tokens and its unit time the duration', async () => {
    const store = new WorkspaceStore(await openMemoryStoreLog());
    const llm = new CountingLlm();
    const { job } = await startJob({ store, registry, llm, settings }, { pipelinePath: 'qa.dgf.json', pipelineText: JSON.stringify(pipeline), pipeline, seedsPath: 's.json', seedsHash: seedsHash(JSON.stringify(seeds)), seeds });
    const history = await readPlanHistory(store, 'qa.dgf.json');
    assert.ok(history);
    assert.deepEqual(history.jobIds, [job.id]);
    assert.equal(await readPlanHistory(store, 'other.dgf.json'), undefined);
    const plan = await planRun({ pipeline, seeds, registry, settings, history });
    // The prompts rendered with the job's own outputs are the prompts the job sent: same count, same tokenizer.
    assert.equal(plan.totals.inputTokens, job.usage.input_tokens);
    assert.equal(plan.totals.outputTokens, job.usage.output_tokens);
    assert.equal(plan.totals.outputSource, 'earlier-jobs');
    assert.deepEqual(plan.blocks.map((b) => b.placeholders), [[], []]);
    assert.equal(plan.time.source, 'earlier-jobs');
    assert.equal(typeof plan.time.ms, 'number');
    assert.deepEqual(plan.historyJobIds, [job.id]);
  });

  it('renders a sample spread over a large seed file and scales it by repetitions', async () => {
    const many: Seed[] = Array.from({ length: 200 }, (_, i) => ({ repetitions: i % 2 === 0 ? 2 : 0, metadata: { topic: 'tides' } }));
    const plan = await planRun({ pipeline, seeds: many, registry, settings, sampleSize: 10 });
    assert.equal(plan.units, 200);
    assert.equal(plan.sampledUnits, 10);
    assert.equal(plan.blocks[0].calls, 200);
    assert.equal(plan.blocks[0].inputTokens, 200 * askTokens('tides'));
  });

  it('a model without prices leaves the cost incomplete and says so; a block failing in the dry run is a note', async () => {
    const unpriced: ModelSettings = { ...settings, models: settings.models.map((m) => (m.name === 'big' ? { name: 'big', baseUrl: m.baseUrl, model: m.model } : m)) };
    const broken: PipelineFile = { ...pipeline, blocks: [pipeline.blocks[0], { ...pipeline.blocks[1], config: { user_prompt: '{{ assistant | nosuchfilter }}', model: 'big' } }] };
    const plan = await planRun({ pipeline, seeds, registry, settings: unpriced });
    assert.equal(plan.totals.costComplete, false);
    assert.equal(plan.blocks[1].cost, undefined);
    assert.ok(plan.notes.some((n) => n.includes('No price') && n.includes('big')));
    const failing = await planRun({ pipeline: broken, seeds, registry, settings });
    assert.equal(failing.blocks[1].calls, 0);
    assert.ok(failing.notes.some((n) => n.startsWith("Block 'answer' failed in the dry run")));
  });

  it('a multiplier pipeline counts its chunks as units', async () => {
    const chunked: PipelineFile = {
      version: 1,
      name: 'Docs',
      blocks: [
        { id: 'split', type: 'MarkdownMultiplierBlock', config: {}, position: { x: 0, y: 0 } },
        { id: 'ask', type: 'TextGenerator', config: { user_prompt: 'Q on {{ chunk_text }}', max_tokens: 10 }, position: { x: 0, y: 100 } },
      ],
      edges: [
        { source: 'start', target: 'split' },
        { source: 'split', target: 'ask' },
        { source: 'ask', target: 'end' },
      ],
    };
    const doc = (t: string) => ({ repetitions: 2, metadata: { file_content: `# ${t} one\nFirst part.\n\n# ${t} two\nSecond part.\n` } });
    const plan = await planRun({ pipeline: chunked, seeds: [doc('A'), doc('B')], registry, settings });
    assert.equal(plan.units, 8);
    assert.equal(plan.blocks[1].calls, 8);
    assert.equal(plan.blocks[1].outputTokens, 80);
  });
});
