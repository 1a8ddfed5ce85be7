import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';
import { TEMPLATE_ORDER } from '../../../src/core/pipelineTemplates/builtinTemplates';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';

// The shipped templates are what a new user runs first: they must open on the canvas without a single squiggle,
// and saving them unchanged must not rewrite the file (a dirty diff right after "New from template").
const templatesDir = resolve(__dirname, '..', '..', '..', 'templates');
const seedFiles: Record<string, string> = {
  json_generation: 'json_generation.seeds.json',
  text_classification: 'text_classification.seeds.json',
  qa_generation: 'qa_generation.seeds.md',
  data_augmentation: 'data_augmentation.seeds.json',
  ragas_evaluation: 'ragas_evaluation.seeds.json',
};

describe('built-in template files', () => {
  it('are the five of the reference', () => {
    assert.deepEqual([...TEMPLATE_ORDER], Object.keys(seedFiles));
  });

  for (const [id, seedFile] of Object.entries(seedFiles)) {
    describe(id, () => {
      const registry = createBlockRegistry();
      const text = readFileSync(resolve(templatesDir, `${id}.dgf.json`), 'utf8');

      it('parses with no problems', () => {
        const parsed = parsePipeline(text, registry);
        assert.deepEqual(parsed.problems, []);
        assert.ok(parsed.pipeline);
      });

      it('serializes back to the identical text', () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        assert.equal(serializePipeline(parsed.pipeline), text);
      });

      it(`has seeds in ${seedFile} that pass Verify Seeds`, () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        const seedText = readFileSync(resolve(templatesDir, seedFile), 'utf8');
        const seeds = checkSeedFile(seedText, basename(seedFile), parsed.pipeline, registry);
        assert.deepEqual(seeds.problems, []);
        assert.ok(seeds.seeds.length > 0);
      });

      it('gives strict structured output schemas it can take: closed objects, every property required', () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        for (const block of parsed.pipeline.blocks.filter((b) => b.type === 'StructuredGenerator')) {
          for (const [path, schema] of objectSchemas(block.config.json_schema, block.id)) {
            assert.equal(schema.additionalProperties, false, `${path}: additionalProperties false`);
            assert.deepEqual([...(schema.required as string[])].sort(), Object.keys(schema.properties as object).sort(), `${path}: all properties required`);
          }
        }
      });

      it('is laid out top to bottom: Start, each block 150 below the last, End', () => {
        const parsed = parsePipeline(text, registry);
        assert.ok(parsed.pipeline);
        const { blocks, edges, layout } = parsed.pipeline;
        assert.deepEqual(layout, { start: { x: 0, y: 0 }, end: { x: 0, y: 150 * (blocks.length + 1) } });
        assert.deepEqual(blocks.map((b) => b.position), blocks.map((_, i) => ({ x: 0, y: 150 * (i + 1) })));
        const ids = ['start', ...blocks.map((b) => b.id), 'end'];
        assert.deepEqual(edges, ids.slice(1).map((target, i) => ({ source: ids[i], target })));
      });
    });
  }
});

/** Every `type: object` schema inside `schema` (OpenAI's strict mode demands each be closed and fully required). */
function objectSchemas(schema: unknown, path: string): [string, Record<string, unknown>][] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Record<string, unknown>;
  const found: [string, Record<string, unknown>][] = node.type === 'object' ? [[path, node]] : [];
  const properties = typeof node.properties === 'object' && node.properties !== null ? Object.entries(node.properties) : [];
  for (const [key, sub] of properties) found.push(...objectSchemas(sub, `${path}.${key}`));
  if (node.items !== undefined) found.push(...objectSchemas(node.items, `${path}[]`));
  return found;
}
