import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { blockAtOffset, blockSourceRange } from '../../../src/core/preview/blockSource';
import { previewPrompts, PreviewUnavailableError } from '../../../src/core/preview/previewPrompts';
import { previewText, seedLabel } from '../../../src/core/preview/previewText';
import type { PreviousOutputs } from '../../../src/core/preview/previewTypes';
import { parseSeeds } from '../../../src/core/seeds/parseSeeds';
import { sharedRenderer } from '../helpers/sharedRenderer';

const registry = createBlockRegistry();
const schema = { type: 'object', properties: { question: { type: 'string' }, score: { type: 'integer', minimum: 1 } }, required: ['question', 'score'] };

function pipelineText(askPrompt = 'Ask about {{ topic }}'): string {
  const pipeline: PipelineFile = {
    version: 1,
    name: 'QA',
    blocks: [
      { id: 'ask', type: 'TextGenerator', config: { system_prompt: 'You ask questions.', user_prompt: askPrompt, max_tokens: 100 }, position: { x: 0, y: 0 } },
      { id: 'shape', type: 'StructuredGenerator', config: { json_schema: schema, user_prompt: 'Question:\n{{ assistant }}\nLevel {{ level }}' }, position: { x: 0, y: 100 } },
      { id: 'answer', type: 'TextGenerator', config: { user_prompt: 'Answer {{ generated.question }} (from {{ topic }})', model: 'big' }, position: { x: 0, y: 200 } },
    ],
    edges: [
      { source: 'start', target: 'ask' },
      { source: 'ask', target: 'shape' },
      { source: 'shape', target: 'answer' },
      { source: 'answer', target: 'end' },
    ],
  };
  return JSON.stringify(pipeline, null, 2);
}

const seed = { repetitions: 1, metadata: { topic: 'tides', level: 3 } };
const base = { registry, renderer: sharedRenderer, seed, seedIndex: 4 };

describe('previewPrompts', () => {
  it('renders the first block exactly as the engine would send it', async () => {
    const preview = await previewPrompts({ ...base, text: pipelineText(), blockId: 'ask' });
    assert.equal(preview.error, undefined);
    assert.deepEqual(preview.requests, [
      { kind: 'chat', system: 'You ask questions.', user: 'Ask about tides', otherMessages: [], temperature: 0.7, maxTokens: 100 },
    ]);
    assert.deepEqual(preview.upstream, []);
  });

  it('shows earlier LLM answers as named placeholders and the json_schema sent', async () => {
    const preview = await previewPrompts({ ...base, text: pipelineText(), blockId: 'shape' });
    assert.equal(preview.requests.length, 1);
    const [request] = preview.requests;
    assert.equal(request.user, 'Question:\n⟨answer from block "ask"⟩\nLevel 3');
    assert.deepEqual(request.responseFormat, { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
    assert.deepEqual(preview.upstream, [{ blockId: 'ask', blockType: 'TextGenerator', kind: 'placeholder', placeholders: ['assistant'] }]);

    const last = await previewPrompts({ ...base, text: pipelineText(), blockId: 'answer' });
    assert.equal(last.requests[0].user, 'Answer ⟨answer from block "shape": question⟩ (from tides)');
    assert.equal(last.requests[0].model, 'big');
  });

  it('uses the last try of the seed for earlier blocks when there is one', async () => {
    const asked: string[] = [];
    const previous: PreviousOutputs = {
      async lastOutput(blockId, seedIndex) {
        asked.push(`${blockId}#${seedIndex}`);
        return blockId === 'ask' ? { output: { assistant: 'Why do tides happen?', system: 's', user: 'u' }, from: 'try of 14:02' } : undefined;
      },
    };
    const preview = await previewPrompts({ ...base, text: pipelineText(), blockId: 'shape', previous });
    assert.equal(preview.requests[0].user, 'Question:\nWhy do tides happen?\nLevel 3');
    assert.deepEqual(asked, ['ask#4']);
    assert.deepEqual(preview.upstream, [{ blockId: 'ask', blockType: 'TextGenerator', kind: 'previous', detail: 'try of 14:02', placeholders: [] }]);
  });

  it('reports an undefined variable with its template line and its place in the pipeline text', async () => {
    const text = pipelineText('Ask about {{ topic }}\nfor {{ audience }}');
    const preview = await previewPrompts({ ...base, text, blockId: 'ask' });
    assert.ok(preview.error);
    assert.match(preview.error.message, /undefined variable 'audience'/);
    assert.equal(preview.error.field, 'user_prompt');
    assert.equal(preview.error.templateLine, 2);
    const lineText = text.split('\n')[(preview.error.range?.line ?? 0) - 1];
    const range = preview.error.range;
    assert.ok(range);
    assert.equal(lineText.slice(range.column - 1, range.endColumn - 1), 'for {{ audience }}');
  });

  it('reports a Nunjucks runtime error at its template line', async () => {
    const preview = await previewPrompts({ ...base, text: pipelineText('Line one\n{{ topic.x.y }}'), blockId: 'ask' });
    assert.ok(preview.error);
    assert.equal(preview.error.templateLine, 2);
  });

  it('refuses a text that is not a pipeline yet, and an unknown block', async () => {
    await assert.rejects(previewPrompts({ ...base, text: '{ "version": 1, ', blockId: 'ask' }), PreviewUnavailableError);
    await assert.rejects(previewPrompts({ ...base, text: pipelineText(), blockId: 'nope' }), /no block 'nope'/);
  });

  it('formats the preview document', async () => {
    const preview = await previewPrompts({ ...base, text: pipelineText(), blockId: 'shape' });
    const text = previewText(preview, { pipelineFile: 'qa.dgf.json', seedFile: 'seeds.json', seedCount: 10, seedLabel: seedLabel(seed.metadata) });
    assert.ok(text.startsWith('Preview · block shape (StructuredGenerator) · seed 5 of 10: topic: tides · level: 3\n'), text);
    assert.match(text, /──── user ────\nQuestion:\n⟨answer from block "ask"⟩\nLevel 3\n──── json_schema ────\n\{\n {2}"name": "response"/);
    assert.match(text, /ask: assistant shown as ⟨answer from block "ask"⟩ \(no try of this seed yet\)/);
  });

  it('labels seeds briefly', () => {
    assert.equal(seedLabel({ topic: 'a  b\nc', n: 2, list: [1] }), 'topic: a b c · n: 2');
    assert.equal(seedLabel({ long: 'x'.repeat(100) }).length, 60);
    assert.equal(seedLabel({ list: [] }), '(no text fields)');
  });
});

describe('block source', () => {
  it('finds the block at a cursor and the range of its prompt', () => {
    const text = pipelineText();
    assert.equal(blockAtOffset(text, text.indexOf('Question:')), 'shape');
    assert.equal(blockAtOffset(text, text.indexOf('"edges"')), undefined);
    const range = blockSourceRange(text, 'ask', registry);
    assert.ok(range);
    const line = text.split('\n')[range.line - 1];
    assert.equal(line.slice(range.column - 1, range.endColumn - 1), '"Ask about {{ topic }}"');
    assert.equal(blockSourceRange(text, 'nope', registry), undefined);
  });
});

describe('previewPrompts after a multiplier', () => {
  it('shows the prompts for the first chunk of the seed document', async () => {
    const text = readFileSync('templates/qa_generation.dgf.json', 'utf8');
    const parsed = parseSeeds(readFileSync('templates/qa_generation.seeds.md', 'utf8'), 'qa_generation.seeds.md');
    const seed = parsed.seeds.at(0);
    assert.ok(seed);
    const preview = await previewPrompts({ text, blockId: 'answer', seed, seedIndex: 0, registry, renderer: sharedRenderer });
    assert.equal(preview.error, undefined, preview.error?.message);
    assert.ok(preview.chunk && preview.chunk.count > 1 && preview.chunk.index === 0, JSON.stringify(preview.chunk));
    assert.deepEqual(preview.upstream.map((u) => [u.blockId, u.kind]), [['chunk', 'computed'], ['ask', 'placeholder']]);
    assert.ok(preview.requests[0].user?.includes('⟨answer from block "ask"⟩'), preview.requests[0].user);
    assert.equal(preview.requests[0].responseFormat?.type, 'json_schema');
  });
});
