import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { jsonValidator } from '../../../src/core/blocks/jsonValidator';
import { ragasMetrics } from '../../../src/core/blocks/ragasMetrics';
import { rougeScore } from '../../../src/core/blocks/rougeScore';
import { textGenerator } from '../../../src/core/blocks/textGenerator';
import { validator } from '../../../src/core/blocks/validator';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { formatProblem, hasErrors, type Problem } from '../../../src/core/problems';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';
import { summarizeProblems } from '../../../src/core/seeds/summarizeProblems';
import { buildSnapshot } from '../../../src/editor/editorSnapshot';
import { runBlock } from '../helpers/blockHarness';
import { ScriptedLlm } from '../helpers/scriptedLlm';
import { block, pipeline, positionOf, textOf } from '../pipeline/pipelineBuilders';

// Verify Seeds, the canvas and the run agree on what a pipeline needs from its seeds, with the REAL blocks: a field
// a block cannot run without is an error, one it runs without (with a documented result) is a warning, and a field
// an earlier block produces is never asked of the seed.
const registry = createBlockRegistry();
const llm = new ScriptedLlm();

function verify(p: PipelineFile, seeds: unknown[]): Problem[] {
  return checkSeedFile(textOf(seeds), 'seeds.json', p, registry).problems;
}

function snapshotOf(p: PipelineFile) {
  return buildSnapshot(textOf(p), 1, 'p.dgf.json', registry);
}

const generateThenValidate = pipeline([
  block('gen', 'TextGenerator', { user_prompt: 'Write about {{ topic }}' }),
  block('check', 'ValidatorBlock', { min_length: 5, max_length: 1000 }),
]);

describe('what a pipeline needs from its seeds (verify, canvas and run agree)', () => {
  // The case: the ValidatorBlock reads `text`, else `assistant` (the original's
  // `data.get("text", data.get("assistant", ""))`, tests/blocks/test_validator.py), and the TextGenerator writes
  // `assistant`, so the seeds need only the prompt's `topic`.
  it('TextGenerator then ValidatorBlock: seeds with only the prompt\'s fields pass; the canvas does not ask for `text`', async () => {
    assert.deepEqual(verify(generateThenValidate, [{ metadata: { topic: 'tea' } }, { metadata: { topic: 'rivers' } }]), []);

    const snapshot = snapshotOf(generateThenValidate);
    assert.deepEqual(snapshot.seedFields, ['topic']);
    assert.ok(snapshot.available.check.includes('assistant'));
    assert.ok(!snapshot.available.check.includes('text'), `no seed text at the validator: ${snapshot.available.check.join(', ')}`);

    // And the run: the validator checks the generated assistant text.
    const r = await runBlock(validator, { min_length: 5, max_length: 1000, forbidden_words: [] }, { topic: 'tea', assistant: 'Tea is a drink.' });
    assert.deepEqual('output' in r && r.output, { valid: true, assistant: 'Tea is a drink.' });
  });

  // A template variable with a fallback renders without it (Jinja2's `default` under the original's StrictUndefined),
  // so it is no more required of the seed than by the run.
  it('a prompt variable read only with default() or `is defined` is not required of the seed', async () => {
    const p = pipeline([block('gen', 'TextGenerator', { user_prompt: "About {{ topic }} in a {{ style | default('neutral') }} tone{% if extra is defined %}: {{ extra | d('') }}{% endif %}" })]);
    assert.deepEqual(verify(p, [{ metadata: { topic: 'tea' } }]), []);
    assert.deepEqual(snapshotOf(p).seedFields, ['topic']);
    const r = await runBlock(textGenerator, { user_prompt: "About {{ topic }} in a {{ style | default('neutral') }} tone" }, { topic: 'tea' }, llm);
    assert.ok('output' in r);
    assert.equal(llm.requests.at(-1)?.messages.at(-1)?.content, 'About tea in a neutral tone');
  });

  // mirrors tests/blocks/test_validator.py::test_validator_min_length with no text at all: an empty text is checked.
  it('ValidatorBlock first with neither text nor assistant: a warning saying what the run gives, not a refusal', async () => {
    const p = pipeline([block('check', 'ValidatorBlock', { min_length: 10 })]);
    const problems = verify(p, [{ metadata: { text: 'long enough text' } }, { metadata: { other: 1 } }]);
    assert.equal(hasErrors(problems), false);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'seed-missing-optional-field');
    assert.equal(problems[0].severity, 'warning');
    assert.equal(
      problems[0].message,
      'Seed 2 has neither "text" nor "assistant" in its metadata, read by block "check" (ValidatorBlock), which then checks an empty text: ' +
        'valid: false (an empty text is shorter than min_length 10). The run goes on; add one to the seed\'s "metadata" if that is not the result you want.',
    );
    const r = await runBlock(validator, { min_length: 10, max_length: 100000, forbidden_words: [] }, { other: 1 });
    assert.deepEqual('output' in r && r.output, { valid: false });
    // The canvas offers the field the warning asks for.
    assert.deepEqual(snapshotOf(p).seedFields, ['text']);
  });

  // mirrors tests/blocks/test_json_validator.py::test_missing_field_returns_invalid (valid: false, parsed_json: None)
  // and ::test_strict_mode_raises_error (strict fails on what is not JSON, so an absent field fails the unit).
  it('JSONValidatorBlock: an absent field is a warning (valid: false), and an error only in strict mode', async () => {
    const loose = pipeline([block('check', 'JSONValidatorBlock', { field_name: 'data' })]);
    const seeds = [{ metadata: { other_field: 'value' } }];
    const warning = verify(loose, seeds);
    assert.deepEqual(warning.map((p) => [p.severity, p.code, p.blockId]), [['warning', 'seed-missing-optional-field', 'check']]);
    assert.match(warning[0].message, /^Seed 1 has no field "data" in its metadata, read by block "check" \(JSONValidatorBlock\), which then has no JSON to parse: valid false, parsed_json null\./);
    const r = await runBlock(jsonValidator, { field_name: 'data' }, { other_field: 'value' });
    assert.deepEqual('output' in r && r.output, { valid: false, parsed_json: null });

    const strict = pipeline([block('check', 'JSONValidatorBlock', { field_name: 'data', strict: true })]);
    const error = verify(strict, seeds);
    assert.deepEqual(error.map((p) => [p.severity, p.code]), [['error', 'seed-missing-field']]);
    assert.match(error[0].message, /^Seed 1 is missing field "data" in its metadata, needed by block "check" \(JSONValidatorBlock\)\./);
    await assert.rejects(runBlock(jsonValidator, { field_name: 'data', strict: true }, { other_field: 'value' }));
  });

  // mirrors tests/blocks/test_rouge_score.py::test_rouge_score_empty: no texts score 0.
  it('RougeScore without a reference: a warning (rouge_score 0), and the run scores 0', async () => {
    const p = pipeline([block('gen', 'TextGenerator', { user_prompt: '{{ topic }}' }), block('rouge', 'RougeScore')]);
    const problems = verify(p, [{ metadata: { topic: 't', reference: 'The quick brown fox' } }, { metadata: { topic: 't' } }]);
    assert.deepEqual(problems.map((x) => [x.severity, x.code, x.blockId]), [['warning', 'seed-missing-optional-field', 'rouge']]);
    assert.match(problems[0].message, /^Seed 2 has no field "reference" in its metadata, read by block "rouge" \(RougeScore\), which then compares against an empty text: rouge_score 0\./);
    const r = await runBlock(rougeScore, { generated_field: 'assistant', reference_field: 'reference', rouge_type: 'rouge1' }, { assistant: 'The quick brown fox' });
    assert.deepEqual('output' in r && r.output, { rouge_score: 0 });
    // The generated text comes from the generator; the reference is a seed field on the canvas.
    assert.deepEqual(snapshotOf(p).seedFields.sort(), ['reference', 'topic']);
  });

  // mirrors tests/blocks/test_ragas_metrics.py::TestExecute::test_missing_question_returns_empty_scores: a metric
  // without its inputs scores 0; only the inputs of the selected metrics are asked for.
  it('RagasMetrics reading seed fields: a warning per input its metrics need, and the run scores 0', async () => {
    const p = pipeline([block('ragas', 'RagasMetrics', { metrics: ['faithfulness'] })]);
    const problems = verify(p, [{ metadata: { answer: 'test' } }]);
    assert.deepEqual(problems.map((x) => [x.severity, x.code]), [['warning', 'seed-missing-optional-field'], ['warning', 'seed-missing-optional-field']]);
    assert.match(problems[0].message, /^Seed 1 has no field "question" in its metadata, read by block "ragas" \(RagasMetrics\), which then scores 0 on faithfulness/);
    assert.match(problems[1].message, /^Seed 1 has no field "contexts" in its metadata/);
    const r = await runBlock(ragasMetrics, { metrics: ['faithfulness'], score_threshold: 0.5 }, { answer: 'test' });
    assert.ok('output' in r);
    assert.deepEqual(r.output.ragas_scores, { faithfulness: 0, passed: false });
    const recall = verify(pipeline([block('ragas', 'RagasMetrics', { metrics: ['context_recall'], ground_truth_field: 'gold' })]), [{ metadata: { question: 'q', contexts: ['c'] } }]);
    assert.deepEqual(recall.map((x) => x.message.slice(0, 37)), ['Seed 1 has no field "gold" in its met']);
  });

  // mirrors tests/test_api.py::TestAPISeedValidation::test_validate_multiple_seeds_aggregated_errors: three seeds
  // without `topic` make one error, not three.
  it('several seeds missing the same field: one problem listing every seed with its location', () => {
    const p = pipeline([block('gen', 'TextGenerator', { user_prompt: 'Write about {{ topic }}' })]);
    const seeds = [{ metadata: {} }, { metadata: {} }, { metadata: {} }];
    const text = textOf(seeds);
    const problems = checkSeedFile(text, 'seeds.json', p, registry).problems;
    assert.equal(problems.length, 1);
    assert.equal(
      problems[0].message,
      'All 3 seeds are missing field "topic" in their metadata, needed by block "gen" (TextGenerator). Add it to each seed\'s "metadata".',
    );
    assert.deepEqual(
      problems[0].related?.map((r) => [r.message, r.range?.line, r.range?.column]),
      [1, 2, 3].map((n) => [`Seed ${n}`, positionOf(text, '"metadata"', n).line, positionOf(text, '"metadata"', n).column]),
    );

    // The CLI prints it once, then one clickable line per seed.
    assert.deepEqual(formatProblem('seeds.json', problems[0]).split('\n'), [
      `seeds.json:3:5: error: ${problems[0].message}`,
      '  seeds.json:3:5: Seed 1',
      '  seeds.json:6:5: Seed 2',
      '  seeds.json:9:5: Seed 3',
    ]);
  });

  it('many seeds missing a field are named up to ten, then counted; the notification counts fields, not seeds', () => {
    const p = pipeline([block('gen', 'TextGenerator', { system_prompt: '{{ role }}', user_prompt: 'Write about {{ topic }}' })]);
    const seeds = Array.from({ length: 30 }, (_, i) => ({ metadata: i % 2 === 0 ? { role: 'r' } : { role: 'r', topic: 't' } }));
    const problems = verify(p, seeds);
    assert.equal(problems.length, 1);
    assert.equal(
      problems[0].message,
      '15 seeds (Seed 1, Seed 3, Seed 5, Seed 7, Seed 9, Seed 11, Seed 13, Seed 15, Seed 17, Seed 19 and 5 more) are missing field "topic" in their metadata, ' +
        'needed by block "gen" (TextGenerator). Add it to each seed\'s "metadata".',
    );
    assert.equal(problems[0].related?.length, 15);

    const none = verify(p, Array.from({ length: 5 }, () => ({ metadata: {} })));
    const summary = summarizeProblems(none);
    assert.deepEqual([summary.errors, summary.warnings, summary.more], [2, 0, 0], 'one problem per field: role and topic');
    assert.match(summary.first[0], /^Line 3: All 5 seeds are missing field "role"/);
    assert.match(summary.first[1], /^Line 3: All 5 seeds are missing field "topic"/);
    // The notification's text: one sentence per problem, never `…"metadata".; Line 3…`.
    assert.match(summary.text, /in their metadata, needed by block "gen" \(TextGenerator\)\. Add it to each seed's "metadata"\. Line 3: All 5 seeds are missing field "topic"/);
    assert.doesNotMatch(summary.text, /\.;/);
  });

  it('a field an earlier block produces is never asked of the seed, whatever reads it', () => {
    const p = pipeline([
      block('gen', 'TextGenerator', { user_prompt: 'About {{ topic }}' }),
      block('check', 'ValidatorBlock'),
      block('words', 'CoherenceScore'),
      block('json', 'JSONValidatorBlock', { strict: true }),
      block('structured', 'StructuredGenerator', { user_prompt: 'From {{ assistant }}', json_schema: { type: 'object' } }),
      block('rouge', 'RougeScore', { generated_field: 'generated', reference_field: 'assistant' }),
    ]);
    assert.deepEqual(verify(p, [{ metadata: { topic: 't' } }]), []);
    assert.deepEqual(snapshotOf(p).seedFields, ['topic']);
  });

  it('a field a block only hands on (ValidatorBlock\'s text) is still asked of the seed by a later block that needs it', () => {
    const p = pipeline([
      block('gen', 'TextGenerator', { user_prompt: 'About {{ topic }}' }),
      block('check', 'ValidatorBlock'),
      block('rewrite', 'TextGenerator', { user_prompt: 'Rewrite {{ text }}' }),
    ]);
    const problems = verify(p, [{ metadata: { topic: 't' } }]);
    assert.deepEqual(problems.map((x) => [x.severity, x.blockId]), [['error', 'rewrite']]);
    assert.match(problems[0].message, /^Seed 1 is missing field "text" in its metadata, needed by block "rewrite" \(TextGenerator\)/);
    assert.deepEqual(verify(p, [{ metadata: { topic: 't', text: 'x' } }]), []);
  });
});
