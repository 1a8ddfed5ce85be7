import assert from 'node:assert/strict';
import type { BlockOutput } from '../../../src/core/blocks/blockTypes';
import { semanticInfiller } from '../../../src/core/blocks/semanticInfiller';
import { DEFAULT_INFILLER_SYSTEM_PROMPT, TOO_SIMILAR_HEADER } from '../../../src/core/blocks/semanticInfillerPrompts';
import { BlockExecutionError, LlmError, ModelConfigError } from '../../../src/core/errors';
import type { ChatRequest } from '../../../src/core/llm/llmTypes';
import { runBlock } from '../helpers/blockHarness';
import { EMBED_USAGE, runBlockWithSignal, ScriptedEmbeddingLlm, vectorsByText } from '../helpers/scriptedEmbeddings';
import { ScriptedLlm } from '../helpers/scriptedLlm';

type Row = Record<string, unknown>;

const EXEMPLARS = [
  { id: 1, category: 'A', description: 'first exemplar', price: 10 },
  { id: 2, category: 'A', description: 'second exemplar', price: 20 },
  { id: 3, category: 'A', description: 'third exemplar', price: 30 },
];
const SKELETON = { category: 'A', _hints: { price_range: [10, 40], exemplars: EXEMPLARS } };
const OFF = { fields_to_generate: ['description', 'price'], diversity_threshold: 1 };

async function infill(config: Record<string, unknown>, state: Record<string, unknown>, llm: ScriptedLlm) {
  const result = (await runBlock(semanticInfiller, config, state, llm)) as BlockOutput;
  return { samples: result.output.samples as Row[], output: result.output, usage: result.usage };
}

function userPrompt(r: ChatRequest): string {
  return r.messages.find((m) => m.role === 'user')?.content ?? '';
}

/** Answers call n with `{"description": answers[n-1], "price": n}`. */
function answering(answers: string[]) {
  return (_r: ChatRequest, call: number): string => JSON.stringify({ description: answers[call - 1], price: call });
}

describe('SemanticInfiller', () => {
  it('merges the JSON answer over the skeleton, restores locked fields and drops _hints', async () => {
    const llm = new ScriptedLlm(() => '```json\n{"description": "A sturdy mug", "price": 12, "category": "Z", "_secret": 1}\n```');
    const { samples, usage } = await infill(OFF, { skeletons: [SKELETON] }, llm);
    assert.deepEqual(samples, [{ category: 'A', description: 'A sturdy mug', price: 12 }]);
    assert.deepEqual(usage, { input_tokens: 10, output_tokens: 5, cached_tokens: 1 });
    const r = llm.requests[0];
    assert.deepEqual(r.responseFormat, { type: 'json_object' });
    assert.equal(r.temperature, 0.8);
    assert.equal(r.maxTokens, 500);
    assert.deepEqual(r.messages[0], { role: 'system', content: DEFAULT_INFILLER_SYSTEM_PROMPT });
  });

  it('prompts with the fields to generate, FIXED skeleton values, ranges and at most two exemplars', async () => {
    const llm = new ScriptedLlm(() => '{"description": "d", "price": 1}');
    await infill(OFF, { skeletons: [{ ...SKELETON, size: 'L' }] }, llm);
    const prompt = userPrompt(llm.requests[0]);
    assert.match(prompt, /fields: "description", "price"\./);
    assert.match(prompt, /- category: "A" \(FIXED\)\n- size: "L" \(FIXED\)/);
    assert.match(prompt, /- price: between 10 and 40/);
    // Exemplars show only the generated fields, and only two of them.
    assert.match(prompt, /\{"description":"first exemplar","price":10\}\n {2}\{"description":"second exemplar","price":20\}/);
    assert.doesNotMatch(prompt, /third exemplar|"id"|_hints/);
    assert.doesNotMatch(prompt, new RegExp(TOO_SIMILAR_HEADER));
  });

  it('with the diversity check off, fills all skeletons in parallel and keeps their order', async () => {
    let inFlight = 0;
    let peak = 0;
    const llm = new ScriptedLlm(async (r) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      const size = /size: "(\w+)"/.exec(userPrompt(r))?.[1] ?? '?';
      await new Promise((resolve) => setTimeout(resolve, size === 'S' ? 20 : 1));
      inFlight -= 1;
      return JSON.stringify({ description: `for ${size}` });
    });
    const skeletons = ['S', 'M', 'L', 'XL'].map((size) => ({ size }));
    const { samples } = await infill({ fields_to_generate: ['description'], diversity_threshold: 1 }, { skeletons }, llm);
    assert.equal(peak, 4);
    assert.deepEqual(samples.map((s) => s.description), ['for S', 'for M', 'for L', 'for XL']);
  });

  it('regenerates a too-similar sample with negative examples and +0.1 temperature per retry, then keeps the last', async () => {
    const llm = new ScriptedEmbeddingLlm(
      answering(['alpha one', 'alpha two', 'alpha three', 'alpha four', 'beta']),
      vectorsByText({}, [0, 0, 1], { alpha: [1, 0.02, 0], beta: [0, 1, 0] }),
    );
    const skeletons = [{ category: 'A' }, { category: 'A' }, { category: 'B' }];
    const { samples, output, usage } = await infill(
      { fields_to_generate: ['description', 'price'], embedding_model: 'emb', diversity_threshold: 0.85, max_diversity_retries: 2 },
      { skeletons },
      llm,
    );
    assert.deepEqual(llm.requests.map((r) => r.temperature), [0.8, 0.8, 0.9, 1, 0.8]);
    const retry = userPrompt(llm.requests[2]);
    assert.ok(retry.includes(`${TOO_SIMILAR_HEADER}\n- {"description":"alpha one","price":1}`));
    assert.ok(userPrompt(llm.requests[3]).includes('- {"description":"alpha one","price":1}'));
    assert.doesNotMatch(userPrompt(llm.requests[4]), new RegExp(TOO_SIMILAR_HEADER));
    assert.deepEqual(samples.map((s) => s.description), ['alpha one', 'alpha four', 'beta']);
    assert.deepEqual(llm.embedRequests.map((r) => r.model), ['emb', 'emb', 'emb', 'emb', 'emb']);
    assert.deepEqual(llm.embedRequests[1].input, ['alpha two']);
    assert.match(String((output._infiller_warnings as string[])[0]), /sample 1: still 1\.00 similar to an earlier sample after 2 retries; kept/);
    assert.deepEqual(usage, { input_tokens: 5 * 10 + 5 * EMBED_USAGE.input_tokens, output_tokens: 25, cached_tokens: 5 });
  });

  it('lists the top-N most similar earlier samples as negatives, most similar first', async () => {
    const vectors = vectorsByText({}, [0, 0, 1], { 'alpha one': [1, 0, 0], 'beta one': [0, 1, 0], 'alpha two': [1, 0.2, 0], fresh: [-1, 0, 0] });
    const run = async (count: number) => {
      const llm = new ScriptedEmbeddingLlm(answering(['alpha one', 'beta one', 'gamma', 'alpha two', 'fresh']), vectors);
      const skeletons = [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }];
      await infill({ fields_to_generate: ['description'], negative_examples_count: count, diversity_threshold: 0.9 }, { skeletons }, llm);
      return userPrompt(llm.requests[4]).split(`${TOO_SIMILAR_HEADER}\n`)[1];
    };
    assert.match(await run(1), /^- \{"description":"alpha one"\}\n\nWrite something/);
    assert.match(await run(2), /^- \{"description":"alpha one"\}\n- \{"description":"beta one"\}\n\n/);
  });

  it('drops the diversity check (with a warning) when no embedding model is available, filling the rest in parallel', async () => {
    const llm = new ScriptedEmbeddingLlm(answering(['one', 'two', 'three']), () => new ModelConfigError('No embedding model is configured.'));
    const { samples, output } = await infill({ fields_to_generate: ['description'] }, { skeletons: [{ k: 1 }, { k: 2 }, { k: 3 }] }, llm);
    assert.deepEqual(samples.map((s) => s.k), [1, 2, 3]);
    assert.equal(llm.embedRequests.length, 1);
    assert.equal(llm.requests.length, 3);
    assert.deepEqual(output._infiller_warnings, ['diversity check disabled: embedding failed (No embedding model is configured.)']);
  });

  it('cancellation during the diversity check propagates', async () => {
    const controller = new AbortController();
    const llm = new ScriptedEmbeddingLlm(answering(['one']), () => {
      controller.abort();
      return [[1, 0]];
    });
    await assert.rejects(
      runBlockWithSignal(semanticInfiller, { fields_to_generate: ['description'] }, { skeletons: [{ k: 1 }, { k: 2 }] }, llm, controller.signal),
      (e: unknown) => e instanceof LlmError && e.kind === 'aborted',
    );
  });

  it('fails clearly on an answer that is not a JSON object, on missing skeletons and on empty fields', async () => {
    const skeletons = [{ k: 1 }, { k: 2 }];
    const llm = new ScriptedLlm((r) => (userPrompt(r).includes('k: 2') ? 'I cannot do that' : '{"description": "ok"}'));
    await assert.rejects(infill(OFF, { skeletons }, llm), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /skeleton 1: the model's answer is not a JSON object .*I cannot do that/);
      return true;
    });
    await assert.rejects(infill(OFF, { skeletons: ['x'] }, new ScriptedLlm()), /skeletons\[0\] must be an object/);
    await assert.rejects(infill(OFF, {}, new ScriptedLlm()), /no skeletons to fill: run a Structure Sampler/);
    await assert.rejects(infill({ ...OFF, fields_to_generate: [] }, { skeletons }, new ScriptedLlm()), /fields_to_generate must list at least one field/);
  });

  it('renders fields_to_generate and a custom system prompt as templates', async () => {
    const llm = new ScriptedLlm(() => '{"bio": "b"}');
    const config = { fields_to_generate: '{{ wanted | tojson }}', system_prompt: 'Write {{ tone }} records.', diversity_threshold: 1, model: 'gen', temperature: 0.3, max_tokens: 50 };
    const { samples } = await infill(config, { skeletons: [{ role: 'dev' }], wanted: ['bio'], tone: 'dry' }, llm);
    assert.deepEqual(samples, [{ role: 'dev', bio: 'b' }]);
    const r = llm.requests[0];
    assert.equal(r.messages[0].content, 'Write dry records.');
    assert.equal(r.model, 'gen');
    assert.equal(r.temperature, 0.3);
    assert.equal(r.maxTokens, 50);
    assert.deepEqual(semanticInfiller.requiredFields(config), ['skeletons', 'tone', 'wanted']);
  });
});
