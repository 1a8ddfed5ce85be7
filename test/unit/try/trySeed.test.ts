import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockSpec, PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { trySeed, type TryInput } from '../../../src/core/try/trySeed';
import type { TryEvent } from '../../../src/core/try/tryTypes';
import { ScriptedLlm } from '../helpers/scriptedLlm';

const gen = (id: string, prompt: string): BlockSpec => ({ id, type: 'TextGenerator', config: { user_prompt: prompt }, position: { x: 0, y: 0 } });

function pipeline(blocks: BlockSpec[]): PipelineFile {
  const ids = ['start', ...blocks.map((b) => b.id), 'end'];
  const edges = ids.slice(1).map((target, i) => ({ source: ids[i], target }));
  return { version: 1, name: 'p', blocks, edges };
}

function input(blocks: BlockSpec[], llm: ScriptedLlm, more: Partial<TryInput> = {}): TryInput {
  return { pipeline: pipeline(blocks), seed: { repetitions: 1, metadata: { topic: 'owls' } }, seedIndex: 2, registry: createBlockRegistry(), llm, ...more };
}

describe('trySeed', () => {
  it('streams each block as it finishes: the first block is reported before the second block answers', async () => {
    let releaseSecond: () => void = () => undefined;
    const secondMayAnswer = new Promise<void>((resolve) => (releaseSecond = resolve));
    const llm = new ScriptedLlm(async (r, call) => {
      if (call === 2) await secondMayAnswer;
      return `re: ${r.messages[0].content}`;
    });
    const events: TryEvent[] = [];
    const record = await trySeed(
      input([gen('g1', 'Q about {{ topic }}'), gen('g2', 'A: {{ assistant }}')], llm, {
        onEvent: (e) => {
          events.push(e);
          // The second block is still waiting for its answer when the first block's output arrives.
          if (e.type === 'block' && e.block.blockId === 'g1') releaseSecond();
        },
      }),
    );
    assert.deepEqual(
      events.map((e) => (e.type === 'block' ? `block ${e.block.blockId}` : e.type === 'blockStarted' ? `start ${e.blockId}` : e.type)),
      ['started', 'start g1', 'block g1', 'start g2', 'block g2', 'finished'],
    );
    const first = events.find((e) => e.type === 'block');
    assert.ok(first?.type === 'block');
    assert.equal(first.block.output?.assistant, 're: Q about owls');
    assert.deepEqual(first.block.usage, { input_tokens: 10, output_tokens: 5, cached_tokens: 1 });
    assert.ok(first.block.durationMs >= 0);
    assert.equal(record.status, 'succeeded');
    assert.equal(record.seedIndex, 2);
    assert.equal(record.seedLabel, 'Seed 3');
    assert.equal(record.output?.assistant, 're: A: re: Q about owls');
    assert.deepEqual(record.usage, { input_tokens: 20, output_tokens: 10, cached_tokens: 2 });
    assert.deepEqual(record.blocks.map((b) => b.blockId), ['g1', 'g2']);
  });

  it('points a template error at its block, config field and template line', async () => {
    const llm = new ScriptedLlm();
    const record = await trySeed(input([gen('g1', 'Q about {{ topic }}'), gen('g2', 'Intro\nthen {{ missing_field }} here')], llm));
    assert.equal(record.status, 'failed');
    assert.equal(record.output, null);
    assert.equal(record.error?.blockId, 'g2');
    assert.equal(record.error?.field, 'user_prompt');
    assert.equal(record.error?.variable, 'missing_field');
    assert.equal(record.error?.line, 2);
    assert.equal(record.error?.column, 9);
    assert.match(record.error?.message ?? '', /undefined variable 'missing_field'/);
    assert.deepEqual(record.blocks.map((b) => [b.blockId, b.error?.blockId]), [['g1', undefined], ['g2', 'g2']]);
    assert.equal(llm.requests.length, 1, 'the failing block sent nothing');
  });

  it('takes the line of a Nunjucks syntax error from the engine', async () => {
    const record = await trySeed(input([gen('g1', 'one\ntwo {% if %}')], new ScriptedLlm()));
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.blockId, 'g1');
    assert.equal(record.error?.field, 'user_prompt');
    assert.equal(record.error?.line, 2);
  });

  it('stops at once when cancelled, keeping the blocks done so far', async () => {
    const controller = new AbortController();
    // The user cancels while the second block waits for its answer (the port then throws `aborted`).
    const llm = new ScriptedLlm((_r, call) => {
      if (call === 2) controller.abort();
      return 'ok';
    });
    const record = await trySeed(input([gen('g1', 'Q {{ topic }}'), gen('g2', 'A {{ assistant }}'), gen('g3', 'B {{ assistant }}')], llm, { signal: controller.signal }));
    assert.equal(record.status, 'cancelled');
    assert.deepEqual(record.blocks.map((b) => b.blockId), ['g1']);
    assert.equal(record.output, null);
    assert.equal(llm.requests.length, 2, 'the third block never started');
  });

  it('runs the chunk of a Markdown seed that holds the heading', async () => {
    const chunker: BlockSpec = { id: 'chunks', type: 'MarkdownMultiplierBlock', config: {}, position: { x: 0, y: 0 } };
    const llm = new ScriptedLlm((r) => `re: ${r.messages[0].content}`);
    const doc = '# One\nfirst part\n\n# Two\nsecond part\n';
    const record = await trySeed(
      input([chunker, gen('g1', 'About: {{ chunk_text }}')], llm, { seed: { repetitions: 1, metadata: { file_content: doc } }, seedIndex: 0, chunk: { containing: '# Two' } }),
    );
    assert.equal(record.status, 'succeeded');
    assert.equal(record.chunkIndex, 1);
    assert.deepEqual(record.blocks.map((b) => b.blockId), ['chunks', 'g1']);
    assert.equal(record.blocks[0].output?.chunks, 2);
    assert.match(String(record.output?.assistant), /^re: About: # Two\nsecond part/);
    assert.equal(record.input.file_content, undefined, 'the chunk, not the document, is the input');
  });
});
