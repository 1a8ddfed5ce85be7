import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPipelineSchema } from '../../../src/core/pipeline/checkPipelineSchema';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { fakeRegistry } from './fakeRegistry';
import { block, pipeline, positionOf, textOf } from './pipelineBuilders';
import { assertStartsAt, single, withCode } from './problemAssertions';

const registry = fakeRegistry();
const schemaProblems = (value: unknown) => parsePipeline(textOf(value), registry).problems.filter((p) => p.code === 'pipeline-schema');

describe('pipeline.schema.json', () => {
  it('is a draft-07 schema with titles for VS Code completion', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../src/core/pipeline/pipeline.schema.json'), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    for (const key of ['version', 'name', 'description', 'blocks', 'edges', 'constraints', 'layout']) {
      assert.ok(schema.properties[key].description, `${key} has a description`);
    }
  });

  it('accepts a minimal pipeline and unknown fields at every level', () => {
    const value = {
      ...pipeline([block('gen', 'TextGenerator')]),
      owner: 'me',
      constraints: { max_total_tokens: null, max_total_execution_time: 12.5, note: 'x' },
      layout: { start: { x: 0, y: 0, z: 1 }, zoom: 2 },
    };
    (value.blocks[0] as Record<string, unknown>).color = 'red';
    (value.edges[0] as Record<string, unknown>).label = 'go';
    assert.deepEqual(checkPipelineSchema(value), []);
  });

  it('says when the file is not an object', () => {
    const [problem] = schemaProblems([1, 2]);
    assert.equal(problem.message, 'The pipeline file must be an object, found an array.');
    assert.deepEqual(problem.range, { line: 1, column: 1, endLine: 1, endColumn: 2 });
  });

  it('requires version, name, blocks and edges, pointing at the enclosing object', () => {
    const problems = schemaProblems({ description: 'x' });
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'The pipeline file is missing required property "version". Add "version": 1.',
        ...['name', 'blocks', 'edges'].map((k) => `The pipeline file is missing required property "${k}". Add it.`),
      ],
    );
    assert.deepEqual(problems[0].path, ['version']);
    assertStartsAt(problems[0], { line: 1, column: 1 });
  });

  it('requires version 1', () => {
    const text = textOf({ ...pipeline([block('gen', 'TextGenerator')]), version: 2 });
    const problem = single(parsePipeline(text, registry).problems, 'pipeline-schema');
    assert.equal(problem.message, 'version must be 1, found 2. This extension reads pipeline format version 1.');
    assertStartsAt(problem, positionOf(text, '2'));
  });

  it('requires a non-empty name', () => {
    const [problem] = schemaProblems({ ...pipeline([block('gen', 'TextGenerator')]), name: '  ' });
    assert.equal(problem.message, 'name must not be empty: give the pipeline a name, found "  ".');
    assert.deepEqual(problem.path, ['name']);
  });

  it('checks block ids: pattern and the reserved start/end', () => {
    const value = pipeline([block('my block', 'TextGenerator'), block('end', 'TextGenerator')], []);
    const text = textOf(value);
    const problems = parsePipeline(text, registry).problems.filter((p) => p.code === 'pipeline-schema');
    assert.equal(problems.length, 2);
    assert.equal(
      problems[0].message,
      'Block "my block" (TextGenerator): blocks[0].id may contain only letters, digits, "_" and "-", found "my block". Rename the block (and the edges that use its id).',
    );
    assertStartsAt(problems[0], positionOf(text, '"my block"'));
    assert.equal(problems[1].message, 'Block "end" (TextGenerator): blocks[1].id "end" is reserved for the End node. Rename the block (and the edges that use its id).');
    assert.equal(problems[1].blockId, 'end');
  });

  it('requires each block to have id, type, config and position', () => {
    const text = textOf({ ...pipeline([]), blocks: [{ id: 'gen', config: {}, position: { x: 0 } }] });
    const problems = withCode(parsePipeline(text, registry).problems, 'pipeline-schema');
    assert.deepEqual(
      problems.map((p) => p.message),
      ['Block "gen": blocks[0] is missing required property "type". Add it.', 'Block "gen": blocks[0].position is missing required property "y". Add it.'],
    );
    assert.deepEqual(problems[1].path, ['blocks', 0, 'position', 'y']);
    assertStartsAt(problems[1], positionOf(text, '"position"'));
  });

  it('checks value types with the value found', () => {
    const text = textOf({ ...pipeline([]), blocks: [{ id: 'gen', type: 'TextGenerator', config: 'x', position: { x: '10', y: 0 } }] });
    const messages = schemaProblems(JSON.parse(text)).map((p) => p.message);
    assert.deepEqual(messages, [
      'Block "gen" (TextGenerator): blocks[0].config must be an object, found the string "x".',
      'Block "gen" (TextGenerator): blocks[0].position.x must be a number, found the string "10".',
    ]);
  });

  it('requires edges to have a source and a target', () => {
    const text = textOf({ ...pipeline([block('gen', 'TextGenerator')]), edges: [{ source: 'start' }] });
    const problem = withCode(parsePipeline(text, registry).problems, 'pipeline-schema')[0];
    assert.equal(problem.message, 'edges[0] is missing required property "target". Add it.');
  });

  it('checks constraints: integers or null, -1 and up', () => {
    const text = textOf({ ...pipeline([block('gen', 'TextGenerator')]), constraints: { max_total_tokens: -5, max_total_output_tokens: 1.5, max_total_execution_time: 'x' } });
    const problems = withCode(parsePipeline(text, registry).problems, 'pipeline-schema');
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'constraints.max_total_tokens must be >= -1, found -5. Use -1 or null for no limit.',
        'constraints.max_total_output_tokens must be an integer or null, found the number 1.5. Use -1 or null for no limit.',
        'constraints.max_total_execution_time must be a number or null, found the string "x". Use -1 or null for no limit.',
      ],
    );
    assertStartsAt(problems[0], positionOf(text, '-5'));
  });
});
