import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { fakeRegistry } from './fakeRegistry';
import { block, pipeline, positionOf, textOf } from './pipelineBuilders';
import { single } from './problemAssertions';

const registry = fakeRegistry();

describe('parsePipeline', () => {
  it('returns a valid pipeline with no problems', () => {
    const value = pipeline([block('gen', 'TextGenerator', { user_prompt: 'Hello' }), block('check', 'JSONValidatorBlock')]);
    const parsed = parsePipeline(textOf(value), registry);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.pipeline, value);
  });

  it('reports bad JSON with line and column, and returns no pipeline', () => {
    const text = '{\n  "version": 1,\n  "name": "x"\n  "blocks": []\n}\n';
    const parsed = parsePipeline(text, registry);
    assert.equal(parsed.pipeline, undefined);
    const problem = single(parsed.problems, 'json-invalid');
    assert.equal(problem.message, 'Invalid JSON: expected a comma (line 4, column 3)');
    assert.deepEqual(problem.range, { line: 4, column: 3, endLine: 4, endColumn: 11 });
  });

  it('rejects comments and trailing commas (strict JSON)', () => {
    const text = '{\n  // my pipeline\n  "version": 1,\n  "name": "x",\n  "blocks": [],\n  "edges": [],\n}\n';
    const problems = parsePipeline(text, registry).problems;
    assert.deepEqual(
      problems.map((p) => [p.code, p.range?.line, p.range?.column]),
      [
        ['json-invalid', 2, 3],
        ['json-invalid', 6, 14],
      ],
    );
  });

  it('still returns the pipeline when only the graph or configs are wrong, so the canvas can show them', () => {
    const parsed = parsePipeline(textOf(pipeline([block('gen', 'NoSuchBlock')], [])), registry);
    assert.ok(parsed.pipeline);
    assert.deepEqual(parsed.problems.map((p) => p.code).sort(), ['block-not-connected', 'unknown-block-type']);
  });

  it('returns no pipeline when the file does not have the pipeline shape', () => {
    const parsed = parsePipeline(textOf({ version: 1, name: 'x', blocks: {}, edges: [] }), registry);
    assert.equal(parsed.pipeline, undefined);
    assert.equal(single(parsed.problems, 'pipeline-schema').message, 'blocks must be an array, found an object.');
  });

  it('passes duplicate-key warnings through', () => {
    const text = textOf(pipeline([block('gen', 'TextGenerator')])).replace('"name": "Test pipeline"', '"name": "a",\n  "name": "Test pipeline"');
    const parsed = parsePipeline(text, registry);
    const problem = single(parsed.problems, 'json-duplicate-key');
    assert.equal(problem.severity, 'warning');
    assert.ok(parsed.pipeline);
  });

  it('gives a locator for any path of the text', () => {
    const text = textOf(pipeline([block('gen', 'TextGenerator', { temperature: 0.5 })]));
    const parsed = parsePipeline(text, registry);
    assert.deepEqual(parsed.locate(['blocks', 0, 'config', 'temperature'])?.line, positionOf(text, '0.5').line);
  });
});
