import assert from 'node:assert/strict';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';
import { parseSeeds } from '../../../src/core/seeds/parseSeeds';
import { verifySeeds } from '../../../src/core/seeds/verifySeeds';
import { fakeBlock, fakeRegistry } from '../pipeline/fakeRegistry';
import { block, chain, pipeline, positionOf } from '../pipeline/pipelineBuilders';
import { assertStartsAt, single, withCode } from '../pipeline/problemAssertions';

const registry = fakeRegistry();
const qa = pipeline(
  [block('gen', 'TextGenerator', { system_prompt: 'You write about {{ topic }}.', user_prompt: 'Text: {{ content }} ({{ style.tone }})' }), block('check', 'JSONValidatorBlock', { field_name: 'assistant' })],
  chain('gen', 'check'),
);
const chunked = pipeline([block('split', 'MarkdownMultiplierBlock'), block('gen', 'TextGenerator', { user_prompt: '{{ chunk_text }}' })], chain('split', 'gen'));

describe('verifySeeds', () => {
  it('accepts seeds that have every field the pipeline needs', () => {
    const parsed = parseSeeds('[{"metadata": {"topic": "t", "content": "c", "style": {"tone": "dry"}}}]', 'seeds.json');
    assert.deepEqual(verifySeeds(parsed.seeds, qa, registry, parsed.locate), []);
  });

  it('reports each missing field once, naming the seeds that lack it and the block that needs it, at the first seed\'s metadata', () => {
    const text = [
      '[',
      '  {"metadata": {"topic": "t", "content": "c", "style": {}}},',
      '  {',
      '    "repetitions": 2,',
      '    "metadata": {"topic": "t"}',
      '  },',
      '  {"metadata": {}}',
      ']',
    ].join('\n');
    const parsed = parseSeeds(text, 'seeds.json');
    const problems = verifySeeds(parsed.seeds, qa, registry, parsed.locate);
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'Seed 3 is missing field "topic" in its metadata, needed by block "gen" (TextGenerator). Add it to the seed\'s "metadata".',
        'Seed 2 and Seed 3 are missing field "content" in their metadata, needed by block "gen" (TextGenerator). Add it to each seed\'s "metadata".',
        'Seed 2 and Seed 3 are missing field "style" in their metadata, needed by block "gen" (TextGenerator). Add it to each seed\'s "metadata".',
      ],
    );
    assert.ok(problems.every((p) => p.code === 'seed-missing-field' && p.severity === 'error' && p.blockId === 'gen'));
    assert.deepEqual(problems[0].path, [2, 'metadata']);
    assertStartsAt(problems[0], positionOf(text, '"metadata"', 3));
    assert.equal(problems[0].related, undefined, 'one seed: its own location says it all');
    assertStartsAt(problems[1], positionOf(text, '"metadata"', 2));
    assert.deepEqual(problems[1].related?.map((r) => [r.message, r.path, r.range?.line]), [
      ['Seed 2', [1, 'metadata'], positionOf(text, '"metadata"', 2).line],
      ['Seed 3', [2, 'metadata'], positionOf(text, '"metadata"', 3).line],
    ]);
  });

  it('does not ask the seed for fields an earlier block produces', () => {
    const parsed = parseSeeds('[{"metadata": {"topic": "t", "content": "c", "style": 1}}]', 'seeds.json');
    assert.deepEqual(verifySeeds(parsed.seeds, qa, registry, parsed.locate), [], '"assistant" for check comes from gen');
    const checkFirst = pipeline([block('check', 'JSONValidatorBlock', { field_name: 'text', strict: true })]);
    const problem = single(verifySeeds(parsed.seeds, checkFirst, registry, parsed.locate), 'seed-missing-field');
    assert.match(problem.message, /missing field "text" in its metadata, needed by block "check" \(JSONValidatorBlock\)\. Add it/);
  });

  it('names the blocks that need a field, with a problem per field', () => {
    const value = pipeline(
      [block('v', 'ValidatorBlock', { forbidden_words: '{{ banned }}' }), block('gen', 'TextGenerator', { user_prompt: '{{ q }} {{ banned }}' })],
      chain('v', 'gen'),
    );
    const problems = verifySeeds([{ repetitions: 1, metadata: { text: 'x' } }], value, registry);
    assert.deepEqual(
      problems.map((p) => [p.blockId, p.message]),
      [
        ['v', 'Seed 1 is missing field "banned" in its metadata, needed by blocks "v" (ValidatorBlock) and "gen" (TextGenerator). Add it to the seed\'s "metadata".'],
        ['gen', 'Seed 1 is missing field "q" in its metadata, needed by block "gen" (TextGenerator). Add it to the seed\'s "metadata".'],
      ],
    );
    assert.deepEqual(problems[0].path, [0, 'metadata'], 'without a locator, paths assume an array file');
  });

  it('stops checking after a block with dynamic outputs', () => {
    const value = pipeline([block('map', 'FieldMapper'), block('gen', 'TextGenerator', { user_prompt: '{{ anything }}' })], chain('map', 'gen'));
    assert.deepEqual(verifySeeds([{ repetitions: 1, metadata: {} }], value, registry), []);
  });

  it('checks a multiplier pipeline\'s Markdown seed against the multiplier only', () => {
    const parsed = parseSeeds('# Doc\n', 'doc.md');
    assert.deepEqual(verifySeeds(parsed.seeds, chunked, registry, parsed.locate), []);
  });

  // mirrors the original's lib/job_processor.py + tests/blocks/test_markdown_multiplier.py: a multiplier pipeline
  // runs JSON seeds whose metadata.file_content is the document (the old code refused JSON as the wrong file kind).
  it('accepts JSON seeds of documents for a multiplier pipeline', () => {
    const parsed = parseSeeds('[{"metadata": {"file_content": "x"}}]', 'seeds.json');
    assert.deepEqual(verifySeeds(parsed.seeds, chunked, registry, parsed.locate), []);
  });

  it('says a normal pipeline expects a JSON file when given Markdown', () => {
    const parsed = parseSeeds('# Doc\nText\n', 'doc.md');
    const problems = verifySeeds(parsed.seeds, qa, registry, parsed.locate);
    const problem = single(problems, 'seeds-wrong-file-kind');
    assert.match(problem.message, /^Pipeline "Test pipeline" expects a JSON seed file .*, but doc\.md is Markdown; Markdown seeds are only for pipelines that start with a multiplier block/);
    assert.equal(problems.length, 1, 'no field problems on top');
    assert.deepEqual(problem.range, { line: 1, column: 1, endLine: 1, endColumn: 6 });
  });

  it('checks nothing for a pipeline without a runnable path (validatePipeline reports that)', () => {
    assert.deepEqual(verifySeeds([{ repetitions: 1, metadata: {} }], pipeline([block('gen', 'TextGenerator', { user_prompt: '{{ x }}' })], []), registry), []);
  });

  it('checkSeedFile returns the file\'s own problems, then those against the pipeline', () => {
    const text = '[\n  {"repetitions": 0, "metadata": {"topic": "t", "content": "c", "style": 1}},\n  {"metadata": {"topic": "t"}},\n  {"repetitions": "x", "metadata": {}}\n]';
    const result = checkSeedFile(text, 'seeds.json', qa, registry);
    assert.deepEqual(result.problems.map((p) => p.code), ['seed-zero-repetitions', 'seed-invalid-repetitions', 'seed-missing-field', 'seed-missing-field']);
    assert.equal(withCode(result.problems, 'seed-missing-field')[0].range?.line, 3);
    assert.equal(result.seeds.length, 2);
  });
});

describe('verifySeeds with config defaults', () => {
  it('asks blocks for their required fields with schema defaults applied', () => {
    const reader = fakeBlock({
      type: 'Reader',
      inputs: ['*'],
      outputs: [],
      configSchema: { type: 'object', properties: { field_name: { type: 'string', default: 'document' } }, required: [], additionalProperties: false },
      requiredFields: (config) => [String(config.field_name)],
    });
    const problem = single(verifySeeds([{ repetitions: 1, metadata: {} }], pipeline([block('r', 'Reader')]), fakeRegistry([reader])), 'seed-missing-field');
    assert.match(problem.message, /missing field "document"/);
  });
});
