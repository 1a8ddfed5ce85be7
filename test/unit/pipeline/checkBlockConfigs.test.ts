import assert from 'node:assert/strict';
import type { ConfigSchema } from '../../../src/core/blocks/blockTypes';
import { configValidator } from '../../../src/core/pipeline/configValidator';
import { configWithDefaults } from '../../../src/core/pipeline/configWithDefaults';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { validatePipeline } from '../../../src/core/pipeline/validatePipeline';
import { fakeBlock, fakeRegistry, TextGenerator } from './fakeRegistry';
import { block, pipeline, positionOf, textOf } from './pipelineBuilders';
import { assertStartsAt, single, withCode } from './problemAssertions';

const registry = fakeRegistry();

function problemsOf(blocks: ReturnType<typeof block>[]) {
  const text = textOf(pipeline(blocks));
  return { text, problems: parsePipeline(text, registry).problems };
}

describe('block types and configs', () => {
  it('reports duplicate block ids at the later block', () => {
    const text = textOf(pipeline([block('gen', 'TextGenerator'), block('gen', 'JSONValidatorBlock')], []));
    const problem = single(parsePipeline(text, registry).problems, 'duplicate-block-id');
    assert.equal(problem.message, 'Block id "gen" is used by blocks[0] and blocks[1]; block ids must be unique. Rename this block.');
    assert.deepEqual(problem.path, ['blocks', 1, 'id']);
    assertStartsAt(problem, positionOf(text, '"gen"', 2));
  });

  it('reports an unknown block type, listing the known types and guessing the intended one', () => {
    const { text, problems } = problemsOf([block('gen', 'TextGeneratr')]);
    const problem = single(problems, 'unknown-block-type');
    assert.equal(
      problem.message,
      'Block "gen" has unknown block type "TextGeneratr". Did you mean "TextGenerator"? Known types: FieldMapper, JSONValidatorBlock, MarkdownMultiplierBlock, StructuredGenerator, TextGenerator, ValidatorBlock.',
    );
    assert.equal(problem.blockId, 'gen');
    assertStartsAt(problem, positionOf(text, '"TextGeneratr"'));
  });

  it('reports config values of the wrong type at the value', () => {
    const { text, problems } = problemsOf([block('gen', 'TextGenerator', { temperature: 'hot', max_tokens: 10.5 })]);
    const found = withCode(problems, 'config-invalid');
    assert.deepEqual(
      found.map((p) => p.message),
      [
        'Block "gen" (TextGenerator): config.temperature must be a number, found the string "hot". Fix the value in the block\'s config.',
        'Block "gen" (TextGenerator): config.max_tokens must be an integer, found the number 10.5. Fix the value in the block\'s config.',
      ],
    );
    assert.deepEqual(found[0].path, ['blocks', 0, 'config', 'temperature']);
    assertStartsAt(found[0], positionOf(text, '"hot"'));
  });

  it('reports enum and range violations', () => {
    const { problems } = problemsOf([block('split', 'MarkdownMultiplierBlock', { parser_type: 'words' }), block('gen', 'TextGenerator', { temperature: 3 })]);
    assert.deepEqual(
      withCode(problems, 'config-invalid').map((p) => p.message),
      [
        'Block "split" (MarkdownMultiplierBlock): config.parser_type must be one of "markdown", "sentence", found "words". Fix the value in the block\'s config.',
        'Block "gen" (TextGenerator): config.temperature must be <= 2, found 3. Set temperature to 2 (the nearest allowed value), or fix the value in the block\'s config.',
      ],
    );
    // A bound crossed has an obvious fix, carried by the problem (the canvas button, the text editor's quick fix).
    assert.deepEqual(withCode(problems, 'config-invalid')[1].fix, { title: 'Set temperature to 2', path: ['blocks', 1, 'config', 'temperature'], value: 2 });
    assert.equal(withCode(problems, 'config-invalid')[0].fix, undefined);
  });

  it('warns about unknown config keys, suggesting the likely one', () => {
    const { text, problems } = problemsOf([block('gen', 'TextGenerator', { temprature: 0.2 })]);
    const problem = single(problems, 'config-unknown-key');
    assert.equal(problem.severity, 'warning');
    assert.equal(
      problem.message,
      'Block "gen" (TextGenerator): unknown config key "temprature" is not a setting of TextGenerator and is ignored. Did you mean "temperature"? Known keys: model, temperature, max_tokens, system_prompt, user_prompt.',
    );
    assert.deepEqual(problem.path, ['blocks', 0, 'config', 'temprature']);
    assertStartsAt(problem, { line: positionOf(text, '0.2').line, column: 9 });
  });

  it('reports a missing required config value at the config object ("Not Configured")', () => {
    const { text, problems } = problemsOf([block('gen', 'StructuredGenerator', { user_prompt: 'Hi' })]);
    const problem = single(problems, 'config-missing-required');
    assert.equal(
      problem.message,
      'Block "gen" (StructuredGenerator) is not configured: config "json_schema" (JSON schema) is required but missing. Set it in the block\'s config.',
    );
    assert.deepEqual(problem.path, ['blocks', 0, 'config', 'json_schema']);
    assertStartsAt(problem, positionOf(text, '"config"'));
  });

  it('treats an empty or null required value as missing, and reports it once', () => {
    for (const value of ['', '   ', null]) {
      const { text, problems } = problemsOf([block('gen', 'StructuredGenerator', { json_schema: value })]);
      const problem = single(problems, 'config-missing-required');
      assert.match(problem.message, /is required but empty/);
      assert.equal(problems.filter((p) => p.code === 'config-invalid').length, 0, 'no type error on top');
      assertStartsAt(problem, positionOf(text, value === null ? 'null' : `"${value}"`));
    }
  });

  it('reports a config the block cannot read (e.g. a broken template)', () => {
    const { problems } = problemsOf([block('gen', 'TextGenerator', { user_prompt: 'Hi {{ name' })]);
    const problem = single(problems, 'config-invalid');
    assert.equal(
      problem.message,
      'Block "gen" (TextGenerator): its config cannot be used: template syntax error: unclosed "{{". Fix the block\'s config (a prompt or template, most likely).',
    );
    assert.deepEqual(problem.path, ['blocks', 0, 'config']);
  });

  it('reports a block type whose config schema does not compile, without throwing', () => {
    const broken = fakeBlock({
      type: 'Broken',
      inputs: [],
      outputs: [],
      configSchema: { type: 'object', properties: { a: { type: 'strin' } }, required: [], additionalProperties: false } as unknown as ConfigSchema,
    });
    const problems = validatePipeline(pipeline([block('b', 'Broken')]), fakeRegistry([broken]));
    const problem = single(problems, 'block-definition-broken');
    assert.match(problem.message, /^Block "b" \(Broken\): the block type's config schema is invalid \(.+\)\. Fix the block definition/);
  });

  it('compiles each config schema once', () => {
    assert.equal(configValidator(TextGenerator.configSchema), configValidator(TextGenerator.configSchema));
  });
});

describe('configWithDefaults', () => {
  it('fills schema defaults for missing keys and keeps given values', () => {
    assert.deepEqual(configWithDefaults({ temperature: 0.1, extra: 1 }, TextGenerator.configSchema), {
      temperature: 0.1,
      max_tokens: 2048,
      system_prompt: '',
      user_prompt: '',
      extra: 1,
    });
  });
});
