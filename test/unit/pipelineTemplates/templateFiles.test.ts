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
  multi_turn_chat: 'multi_turn_chat.seeds.json',
};

describe('built-in template files', () => {
  it('are the five of the reference, then the multi-turn chat', () => {
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

// mirrors tests/test_templates.py (test_templates_have_required_fields, test_*_template_structure) and the
// original's lib/templates/*.yaml: the names and descriptions a user of the original knows, the same blocks in
// the same order, and each block's config keys written out as the original writes them (defaults included), so
// the model and field settings are visible in the file rather than implied.
describe('built-in templates as the original ships them', () => {
  const registry = createBlockRegistry();
  const read = (id: string) => {
    const parsed = parsePipeline(readFileSync(resolve(templatesDir, `${id}.dgf.json`), 'utf8'), registry);
    assert.ok(parsed.pipeline, id);
    return parsed.pipeline;
  };
  const original: Record<string, { name: string; description: string; blocks: [type: string, keys: string[]][] }> = {
    json_generation: {
      name: 'JSON Generation',
      description: 'Extract structured information from text as JSON',
      blocks: [
        ['StructuredGenerator', ['user_prompt', 'json_schema', 'temperature', 'max_tokens', 'model']],
        ['JSONValidatorBlock', ['field_name', 'required_fields', 'strict']],
      ],
    },
    text_classification: {
      name: 'Text Classification',
      description: 'Classify text into predefined categories with confidence scores',
      blocks: [
        ['StructuredGenerator', ['user_prompt', 'json_schema', 'temperature', 'max_tokens', 'model']],
        ['JSONValidatorBlock', ['field_name', 'required_fields', 'strict']],
      ],
    },
    qa_generation: {
      name: 'Q&A Generation',
      description: 'Generate question-answer pairs from markdown documents',
      blocks: [
        ['MarkdownMultiplierBlock', ['parser_type', 'chunk_size', 'chunk_overlap']],
        ['TextGenerator', ['system_prompt', 'user_prompt', 'temperature', 'max_tokens', 'model']],
        ['StructuredGenerator', ['user_prompt', 'json_schema', 'temperature', 'max_tokens', 'model']],
        ['JSONValidatorBlock', ['field_name', 'required_fields', 'strict']],
      ],
    },
    data_augmentation: {
      name: 'Data Augmentation',
      description: 'Generate synthetic records preserving statistical distributions from sample data',
      blocks: [
        ['StructureSampler', ['target_count', 'categorical_fields', 'numeric_fields', 'dependencies', 'seed']],
        ['SemanticInfiller', ['fields_to_generate', 'temperature', 'max_tokens', 'model']],
        ['DuplicateRemover', ['similarity_threshold', 'comparison_fields', 'embedding_model']],
      ],
    },
    ragas_evaluation: {
      name: 'QA Generation with RAGAS Evaluation',
      description: 'Generate QA pairs from content and evaluate quality using RAGAS metrics',
      blocks: [
        ['StructuredGenerator', ['user_prompt', 'json_schema', 'temperature', 'max_tokens', 'model']],
        ['FieldMapper', ['mappings']],
        ['RagasMetrics', ['question_field', 'answer_field', 'contexts_field', 'ground_truth_field', 'metrics', 'score_threshold', 'model', 'embedding_model']],
      ],
    },
  };

  for (const [id, expected] of Object.entries(original)) {
    it(`${id}: "${expected.name}", its blocks and their config keys written out`, () => {
      const pipeline = read(id);
      assert.equal(pipeline.name, expected.name);
      assert.equal(pipeline.description, expected.description);
      assert.deepEqual(
        pipeline.blocks.map((b) => [b.type, Object.keys(b.config ?? {})]),
        expected.blocks,
      );
    });
  }

  it('writes the values the original writes: default models, RAGAS field names, the chunking of qa_generation', () => {
    const ragas = read('ragas_evaluation').blocks[2].config;
    assert.deepEqual(
      { ...ragas },
      {
        question_field: 'question',
        answer_field: 'answer',
        contexts_field: 'contexts',
        ground_truth_field: 'ground_truth',
        metrics: ['faithfulness', 'answer_relevancy', 'context_precision', 'context_recall'],
        score_threshold: 0.7,
        model: null,
        embedding_model: null,
      },
    );
    for (const id of Object.keys(original)) {
      for (const block of read(id).blocks) {
        if ('model' in (block.config ?? {})) assert.equal(block.config.model, null, `${id}/${block.id}: the default model`);
        if ('embedding_model' in (block.config ?? {})) assert.equal(block.config.embedding_model, null, `${id}/${block.id}`);
      }
    }
    assert.deepEqual({ ...read('qa_generation').blocks[0].config }, { parser_type: 'markdown', chunk_size: 512, chunk_overlap: 0 });
    const qa = read('qa_generation').blocks[1].config;
    assert.equal(qa.temperature, 0.8);
    assert.equal(qa.max_tokens, 1024);
  });
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
