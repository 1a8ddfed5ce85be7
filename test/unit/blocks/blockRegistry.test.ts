import assert from 'node:assert/strict';
import { BUILTIN_BLOCKS, createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { configValidator } from '../../../src/core/pipeline/configValidator';

describe('built-in block registry', () => {
  it('holds every block of the original (and the ConversationGenerator), under its type name', () => {
    assert.deepEqual(createBlockRegistry().types(), [
      'CoherenceScore', 'ConversationGenerator', 'DiversityScore', 'DuplicateRemover', 'FieldMapper', 'JSONValidatorBlock', 'LangfuseDatasetBlock',
      'MarkdownMultiplierBlock', 'RagasMetrics', 'RougeScore', 'SemanticInfiller', 'StructureSampler', 'StructuredGenerator',
      'TextGenerator', 'ValidatorBlock',
    ]);
  });

  it('every config schema compiles and every default validates against it', () => {
    for (const block of BUILTIN_BLOCKS) {
      const validate = configValidator(block.configSchema);
      assert.ok(!(validate instanceof Error), `${block.type}: ${String(validate)}`);
      const defaults = Object.fromEntries(Object.entries(block.configSchema.properties).filter(([, f]) => f.default !== undefined).map(([k, f]) => [k, f.default]));
      for (const required of block.configSchema.required) assert.ok(block.configSchema.properties[required], `${block.type}: required ${required} is described`);
      const filled = { ...defaults, ...Object.fromEntries(block.configSchema.required.map((k) => [k, '{{ x }}'])) };
      assert.ok(validate(filled), `${block.type} defaults: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('a multiplier is flagged, and only the Markdown Chunker is one', () => {
    assert.deepEqual(BUILTIN_BLOCKS.filter((b) => b.isMultiplier).map((b) => b.type), ['MarkdownMultiplierBlock']);
  });

  it('custom blocks never replace a built-in', () => {
    const impostor = { ...BUILTIN_BLOCKS[2], description: 'impostor' };
    assert.notEqual(createBlockRegistry([impostor]).get(impostor.type)?.description, 'impostor');
  });
});
