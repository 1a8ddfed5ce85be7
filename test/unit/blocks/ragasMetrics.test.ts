import assert from 'node:assert/strict';
import type { BlockOutput } from '../../../src/core/blocks/blockTypes';
import { normaliseContexts, ragasMetrics } from '../../../src/core/blocks/ragasMetrics';
import { BlockExecutionError, LlmError } from '../../../src/core/errors';
import type { ChatRequest } from '../../../src/core/llm/llmTypes';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { applyPipelineEdit } from '../../../src/core/pipeline/pipelineEdits';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { problemFixEdit } from '../../../src/core/pipeline/problemFixEdit';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { runBlock } from '../helpers/blockHarness';
import { EMBED_USAGE, runBlockWithSignal, ScriptedEmbeddingLlm, vectorsByText } from '../helpers/scriptedEmbeddings';

const QA = {
  question: 'What is the capital of France?',
  answer: 'Paris is the capital of France. It has the Eiffel Tower. It has 90 million people.',
  contexts: ['Paris is the capital and largest city of France.', 'The Eiffel Tower stands in Paris.', 'Bananas are yellow.'],
  ground_truth: 'Paris is the capital of France.',
};

/** A judge that answers each prompt kind with canned JSON; `overrides` replaces the answer of one kind. */
function judgeScript(overrides: Partial<Record<PromptKind, string | Error>> = {}) {
  return (request: ChatRequest): string | Error => {
    const prompt = request.messages.at(-1)?.content ?? '';
    const kind = promptKind(prompt);
    if (overrides[kind] !== undefined) return overrides[kind] as string | Error;
    switch (kind) {
      case 'statements':
        return JSON.stringify({ statements: ['Paris is the capital of France.', 'Paris has the Eiffel Tower.', 'Paris has 90 million people.'] });
      case 'support':
        return JSON.stringify({ verdicts: [{ statement: 1, supported: true }, { statement: 2, supported: 'yes' }, { statement: 3, supported: false }] });
      case 'questions':
        return JSON.stringify({ questions: ['Q-same', 'Q-orthogonal', 'Q-diagonal'], noncommittal: false });
      case 'useful':
        // Contexts 1 and 3 useful, 2 not: precision@1 = 1, precision@3 = 2/3 → AP = (1 + 2/3) / 2.
        return JSON.stringify({ useful: prompt.includes('capital and largest') || prompt.includes('Bananas') });
      case 'recall':
        return JSON.stringify({ statements: [{ attributed: true }, { attributed: true }, { attributed: 'no' }, { attributed: 1 }] });
    }
  };
}

type PromptKind = 'statements' | 'support' | 'questions' | 'useful' | 'recall';

function promptKind(prompt: string): PromptKind {
  if (prompt.startsWith('Split the ANSWER')) return 'statements';
  if (prompt.includes('decide whether it is supported')) return 'support';
  if (prompt.includes('different questions that this answer')) return 'questions';
  if (prompt.includes('was useful for arriving')) return 'useful';
  if (prompt.startsWith('Split the REFERENCE ANSWER')) return 'recall';
  throw new Error(`unexpected prompt: ${prompt.slice(0, 80)}`);
}

const embeddings = vectorsByText({ [QA.question]: [1, 0, 0], 'Q-same': [2, 0, 0], 'Q-orthogonal': [0, 3, 0], 'Q-diagonal': [1, 1, 0] });

async function evaluate(config: Record<string, unknown>, state: Record<string, unknown> = QA, llm = new ScriptedEmbeddingLlm(judgeScript(), embeddings)) {
  const result = (await runBlock(ragasMetrics, config, state, llm)) as BlockOutput;
  return { output: result.output as { ragas_scores: Record<string, number | boolean>; _ragas_errors?: Record<string, string> }, usage: result.usage, llm };
}

describe('RagasMetrics', () => {
  it('faithfulness = supported statements / statements, judged in JSON mode at temperature 0', async () => {
    const { output, llm } = await evaluate({ model: 'judge' });
    assert.deepEqual(output, { ragas_scores: { faithfulness: 0.6667, passed: true } });
    assert.equal(llm.requests.length, 2);
    for (const r of llm.requests) {
      assert.deepEqual(r.responseFormat, { type: 'json_object' });
      assert.equal(r.temperature, 0);
      assert.equal(r.model, 'judge');
      assert.equal(r.messages[0].role, 'system');
    }
    const support = llm.requests[1].messages[1].content;
    assert.match(support, /\[Context 3\]\nBananas are yellow\./);
    assert.match(support, /3\. Paris has 90 million people\./);
    assert.match(support, /exactly 3 verdicts/);
  });

  it('answer_relevancy = mean cosine of the question and questions generated from the answer (one embedding call)', async () => {
    const { output, llm } = await evaluate({ metrics: ['answer_relevancy'], embedding_model: 'emb' });
    // cosines 1, 0 and 1/√2 → mean 0.56904
    assert.deepEqual(output.ragas_scores, { answer_relevancy: 0.569, passed: true });
    assert.equal(llm.embedRequests.length, 1);
    assert.deepEqual(llm.embedRequests[0], { model: 'emb', input: [QA.question, 'Q-same', 'Q-orthogonal', 'Q-diagonal'] });
  });

  it('answer_relevancy is 0 for a noncommittal answer, without embedding anything', async () => {
    const llm = new ScriptedEmbeddingLlm(judgeScript({ questions: '{"questions": ["What?"], "noncommittal": true}' }), embeddings);
    const { output } = await evaluate({ metrics: '["answer_relevancy"]' }, QA, llm);
    assert.deepEqual(output, { ragas_scores: { answer_relevancy: 0, passed: false } });
    assert.equal(llm.embedRequests.length, 0);
  });

  it('context_precision = average precision over the ranks of useful contexts, one judgement per context', async () => {
    const { output, llm } = await evaluate({ metrics: ['context_precision'] });
    assert.deepEqual(output.ragas_scores, { context_precision: 0.8333, passed: true });
    assert.equal(llm.requests.length, 3);
    assert.ok(llm.requests.every((r) => r.messages[1].content.includes(`REFERENCE ANSWER: ${QA.ground_truth}`)));
    const late = new ScriptedEmbeddingLlm(() => '{"useful": false}', embeddings);
    const onlyLast = new ScriptedEmbeddingLlm((r) => JSON.stringify({ useful: r.messages[1].content.includes('Bananas') }), embeddings);
    assert.deepEqual((await evaluate({ metrics: ['context_precision'] }, QA, late)).output.ragas_scores, { context_precision: 0, passed: false });
    assert.deepEqual((await evaluate({ metrics: ['context_precision'] }, QA, onlyLast)).output.ragas_scores, { context_precision: 0.3333, passed: false });
  });

  it('context_recall = ground-truth statements attributable to the contexts / statements', async () => {
    const { output, llm } = await evaluate({ metrics: ['context_recall'] });
    assert.deepEqual(output.ragas_scores, { context_recall: 0.75, passed: true });
    assert.equal(llm.requests.length, 1);
    assert.match(llm.requests[0].messages[1].content, /\[Context 2\]\nThe Eiffel Tower stands in Paris\./);
  });

  it('computes several metrics in the configured order and sums the usage of every LLM and embedding call', async () => {
    const { output, usage, llm } = await evaluate({ metrics: ['faithfulness', 'context_recall', 'answer_relevancy', 'context_precision'] });
    assert.deepEqual(Object.keys(output.ragas_scores), ['faithfulness', 'context_recall', 'answer_relevancy', 'context_precision', 'passed']);
    assert.equal(llm.requests.length, 7);
    assert.equal(llm.embedRequests.length, 1);
    assert.deepEqual(usage, { input_tokens: 7 * 10 + EMBED_USAGE.input_tokens, output_tokens: 7 * 5, cached_tokens: 7 });
  });

  it('a metric whose inputs are missing scores 0 and says why; the others are still computed', async () => {
    const { output, llm } = await evaluate({ metrics: ['faithfulness', 'context_recall', 'answer_relevancy'] }, { question: QA.question, answer: QA.answer });
    assert.deepEqual(output.ragas_scores, { faithfulness: 0, context_recall: 0, answer_relevancy: 0.569, passed: true });
    assert.deepEqual(output._ragas_errors, { faithfulness: 'faithfulness requires: contexts', context_recall: 'context_recall requires: contexts, ground_truth' });
    assert.equal(llm.requests.length, 1);
  });

  it('without a question or an answer every metric is 0, passed is false, and no model is called', async () => {
    for (const state of [{ ...QA, question: '' }, { ...QA, answer: undefined }]) {
      const { output, usage, llm } = await evaluate({ metrics: ['faithfulness', 'context_precision'] }, state);
      assert.deepEqual(output.ragas_scores, { faithfulness: 0, context_precision: 0, passed: false });
      assert.equal(llm.requests.length + llm.embedRequests.length, 0);
      assert.deepEqual(usage, { input_tokens: 0, output_tokens: 0, cached_tokens: 0 });
    }
  });

  it("a malformed judge answer scores that metric 0 with the reason; the record does not fail", async () => {
    const prose = new ScriptedEmbeddingLlm(judgeScript({ statements: 'Sure, the statements are: Paris.' }), embeddings);
    const a = await evaluate({ metrics: ['faithfulness', 'context_recall'] }, QA, prose);
    assert.deepEqual(a.output.ragas_scores, { faithfulness: 0, context_recall: 0.75, passed: true });
    assert.match(String(a.output._ragas_errors?.faithfulness), /faithfulness statements: the judge's answer is not JSON/);

    const short = new ScriptedEmbeddingLlm(judgeScript({ support: '{"verdicts": [{"supported": true}]}' }), embeddings);
    const b = await evaluate({}, QA, short);
    assert.deepEqual(b.output.ragas_scores, { faithfulness: 0, passed: false });
    assert.match(String(b.output._ragas_errors?.faithfulness), /expected 3 verdicts, got 1/);

    const noVerdict = new ScriptedEmbeddingLlm(judgeScript({ useful: '```json\n{"useful": "maybe"}\n```' }), embeddings);
    const c = await evaluate({ metrics: ['context_precision'] }, QA, noVerdict);
    assert.match(String(c.output._ragas_errors?.context_precision), /true\/false "useful"/);
  });

  it('a failing judge or embedding model scores 0 with the reason, but cancellation propagates', async () => {
    const down = new ScriptedEmbeddingLlm(judgeScript({ recall: new LlmError('server', 'judge is down', 503) }), () => new Error('no embedding model'));
    const { output } = await evaluate({ metrics: ['context_recall', 'answer_relevancy', 'faithfulness'] }, QA, down);
    assert.deepEqual(output.ragas_scores, { context_recall: 0, answer_relevancy: 0, faithfulness: 0.6667, passed: true });
    assert.deepEqual(output._ragas_errors, { context_recall: 'judge is down', answer_relevancy: 'no embedding model' });

    const controller = new AbortController();
    const cancelling = new ScriptedEmbeddingLlm(() => {
      controller.abort();
      return '{}';
    }, embeddings);
    await assert.rejects(runBlockWithSignal(ragasMetrics, {}, QA, cancelling, controller.signal), (e: unknown) => e instanceof LlmError && e.kind === 'aborted');
  });

  it('passed needs one non-zero score and every non-zero score at or above the clamped threshold', async () => {
    const metrics = ['faithfulness', 'context_precision'];
    assert.equal((await evaluate({ metrics, score_threshold: 0.6667 })).output.ragas_scores.passed, true);
    assert.equal((await evaluate({ metrics, score_threshold: 0.7 })).output.ragas_scores.passed, false);
    // A threshold above 1 is clamped to 1 (only perfect scores pass), below 0 to 0.
    assert.equal((await evaluate({ metrics, score_threshold: 5 })).output.ragas_scores.passed, false);
    assert.equal((await evaluate({ metrics, score_threshold: -3 })).output.ragas_scores.passed, true);
    const perfect = new ScriptedEmbeddingLlm(judgeScript({ support: '{"verdicts":[{"supported":true},{"supported":true},{"supported":true}]}' }), embeddings);
    assert.deepEqual((await evaluate({ score_threshold: 5 }, QA, perfect)).output.ragas_scores, { faithfulness: 1, passed: true });
  });

  it('reads the configured fields (dotted paths too) and normalises contexts given as a JSON string', async () => {
    const state = { item: { q: QA.question }, reply: QA.answer, docs: JSON.stringify(QA.contexts.slice(0, 2)) };
    const { output, llm } = await evaluate({ question_field: 'item.q', answer_field: 'reply', contexts_field: 'docs' }, state);
    assert.deepEqual(output.ragas_scores, { faithfulness: 0.6667, passed: true });
    const support = llm.requests[1].messages[1].content;
    assert.match(support, /\[Context 2\]\nThe Eiffel Tower/);
    assert.doesNotMatch(support, /\[Context 3\]/);
    assert.match(llm.requests[0].messages[1].content, /QUESTION: What is the capital of France\?/);
  });

  it('normalises contexts: list, JSON list string, plain string, empty', () => {
    assert.deepEqual(normaliseContexts(['a', ' ', 3, { k: 1 }]), ['a', '3', '{"k":1}']);
    assert.deepEqual(normaliseContexts('["x","y"]'), ['x', 'y']);
    assert.deepEqual(normaliseContexts('just one context'), ['just one context']);
    assert.deepEqual(normaliseContexts('[not json'), ['[not json']);
    assert.deepEqual(normaliseContexts(''), []);
    assert.deepEqual(normaliseContexts(undefined), []);
  });

  it('rejects unknown or empty metric lists with a clear error; metrics may be a template', async () => {
    await assert.rejects(evaluate({ metrics: ['faithfulness', 'bleu'] }), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /unknown metric\(s\) 'bleu' in metrics; allowed: answer_relevancy, context_precision, context_recall, faithfulness/);
      return true;
    });
    await assert.rejects(evaluate({ metrics: [] }), /metrics must name at least one/);
    const { output } = await evaluate({ metrics: '{{ wanted | tojson }}' }, { ...QA, wanted: ['context_recall'] });
    assert.deepEqual(output.ragas_scores, { context_recall: 0.75, passed: true });
    assert.deepEqual(ragasMetrics.requiredFields({ metrics: '{{ wanted | tojson }}' }), ['wanted']);
  });

  // mirrors tests/blocks/test_ragas_metrics.py::TestRagasMetricsInit::test_threshold_clamped_high and
  // ::test_threshold_clamped_low (1.5 → 1.0, -0.5 → 0.0): verify keeps refusing the value, but its problem carries
  // the clamped value as a fix, and applying that fix (the edit the canvas and the quick fix send) makes it valid.
  it('an out-of-range score_threshold is a config error whose fix is the clamped value', () => {
    const registry = createBlockRegistry();
    const text = (threshold: number) =>
      serializePipeline({
        version: 1,
        name: 'Ragas',
        blocks: [{ id: 'ragas', type: 'RagasMetrics', config: { score_threshold: threshold }, position: { x: 0, y: 0 } }],
        edges: [{ source: 'start', target: 'ragas' }, { source: 'ragas', target: 'end' }],
      });
    for (const [threshold, clamped] of [[1.5, 1], [-0.5, 0]]) {
      const parsed = parsePipeline(text(threshold), registry);
      const errors = parsed.problems.filter((p) => p.severity === 'error');
      assert.equal(errors.length, 1);
      const [problem] = errors;
      assert.equal(problem.code, 'config-invalid');
      assert.match(problem.message, new RegExp(`config\\.score_threshold must be ${clamped === 1 ? '<=' : '>='} ${clamped}, found ${threshold}\\. Set score_threshold to ${clamped} \\(the nearest allowed value\\)`));
      assert.deepEqual(problem.fix, { title: `Set score_threshold to ${clamped}`, path: ['blocks', 0, 'config', 'score_threshold'], value: clamped });
      const edit = problemFixEdit(parsed.pipeline, problem.fix!);
      assert.deepEqual(edit, { kind: 'configure', blockId: 'ragas', key: 'score_threshold', value: clamped });
      const fixed = applyPipelineEdit(text(threshold), edit!).text;
      assert.deepEqual(parsePipeline(fixed, registry).problems.filter((p) => p.severity === 'error'), []);
      assert.equal(JSON.parse(fixed).blocks[0].config.score_threshold, clamped);
    }
    // A template value has no number to clamp: no fix offered.
    const templated = parsePipeline(text(0.5).replace('"score_threshold": 0.5', '"score_threshold": "high"'), registry);
    assert.ok(templated.problems.some((p) => p.code === 'config-invalid'));
    assert.ok(templated.problems.every((p) => p.fix === undefined));
  });

  it('declares the schema the editor needs', () => {
    const p = ragasMetrics.configSchema.properties;
    assert.equal(p.metrics.default, '["faithfulness"]');
    assert.equal(p.metrics.format, 'json-or-template');
    assert.deepEqual(p.metrics.items?.enum, ['answer_relevancy', 'context_precision', 'context_recall', 'faithfulness']);
    assert.equal(p.question_field.isFieldReference, true);
    assert.equal(p.model.modelKind, 'llm');
    assert.equal(p.embedding_model.modelKind, 'embedding');
    assert.equal(p.score_threshold.default, 0.5);
    assert.deepEqual(ragasMetrics.inputs, ['*']);
  });
});
