import type { BlockDefinition, BlockRegistry, ConfigSchema } from '../../../src/core/blocks/blockTypes';

/**
 * Small stand-ins for the real blocks (written elsewhere), with the same names, config keys, inputs and outputs
 * as the reference, so pipeline and seed checks can be tested on their own.
 */
type FakeSpec = Pick<BlockDefinition, 'type' | 'inputs' | 'outputs' | 'configSchema' | 'optionalFields'> & {
  isMultiplier?: boolean;
  requiredFields?: (config: Readonly<Record<string, unknown>>) => string[];
};

export function fakeBlock(spec: FakeSpec): BlockDefinition {
  const base = {
    type: spec.type,
    name: spec.type,
    description: `Fake ${spec.type}`,
    category: 'general' as const,
    inputs: spec.inputs,
    outputs: spec.outputs,
    configSchema: spec.configSchema,
    requiredFields: spec.requiredFields ?? (() => (spec.inputs.includes('*') ? [] : [...spec.inputs])),
    ...(spec.optionalFields ? { optionalFields: spec.optionalFields } : {}),
  };
  return spec.isMultiplier
    ? { ...base, isMultiplier: true, execute: async () => ({ items: [] }) }
    : { ...base, isMultiplier: false, execute: async () => ({ output: {} }) };
}

/** `{{ name }}` / `{{ a.b | filter }}` → `name`, `a`: the template variables, roughly as jinja2.meta finds them. */
export function templateVariables(...templates: unknown[]): string[] {
  const names = new Set<string>();
  for (const template of templates) {
    if (typeof template !== 'string') continue;
    if (template.includes('{{') && !/\{\{[^}]*\}\}/.test(template)) throw new Error('template syntax error: unclosed "{{"');
    for (const match of template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(match[1]);
  }
  return [...names];
}

function schema(properties: ConfigSchema['properties'], required: string[] = []): ConfigSchema {
  return { type: 'object', properties, required, additionalProperties: false };
}

export const TextGenerator = fakeBlock({
  type: 'TextGenerator',
  inputs: [],
  outputs: ['assistant', 'system', 'user'],
  configSchema: schema({
    model: { type: 'string', title: 'Model', modelKind: 'llm' },
    temperature: { type: 'number', title: 'Temperature', default: 0.7, minimum: 0, maximum: 2 },
    max_tokens: { type: 'integer', title: 'Max tokens', default: 2048, minimum: 1 },
    system_prompt: { type: 'string', title: 'System prompt', default: '', format: 'prompt' },
    user_prompt: { type: 'string', title: 'User prompt', default: '', format: 'prompt' },
  }),
  requiredFields: (config) => templateVariables(config.system_prompt, config.user_prompt),
});

export const StructuredGenerator = fakeBlock({
  type: 'StructuredGenerator',
  inputs: [],
  outputs: ['generated'],
  configSchema: schema(
    {
      json_schema: { type: ['string', 'object'], title: 'JSON schema', format: 'json-or-template' },
      model: { type: 'string', modelKind: 'llm' },
      temperature: { type: 'number', default: 0.7 },
      max_tokens: { type: 'integer', default: 2048 },
      user_prompt: { type: 'string', default: '', format: 'prompt' },
    },
    ['json_schema'],
  ),
  requiredFields: (config) => templateVariables(config.user_prompt),
});

export const ValidatorBlock = fakeBlock({
  type: 'ValidatorBlock',
  inputs: ['text', 'assistant'],
  outputs: ['text', 'valid', 'assistant'],
  configSchema: schema({
    min_length: { type: 'integer', default: 0 },
    max_length: { type: 'integer', default: 100000 },
    forbidden_words: { type: ['string', 'array'], default: '', format: 'json-or-template' },
  }),
  // Like the real block: `text`, else `assistant`, else an empty text; neither is required.
  requiredFields: (config) => templateVariables(config.forbidden_words),
  optionalFields: () => [{ anyOf: ['text', 'assistant'], whenMissing: 'checks an empty text' }],
});

export const JSONValidatorBlock = fakeBlock({
  type: 'JSONValidatorBlock',
  inputs: ['*'],
  outputs: ['valid', 'parsed_json'],
  configSchema: schema({
    field_name: { type: 'string', default: 'assistant', isFieldReference: true },
    required_fields: { type: ['string', 'array'], default: '', format: 'json-or-template' },
    strict: { type: 'boolean', default: false },
  }),
  // Like the real block: a missing field is `valid: false`, except in strict mode, where the unit fails.
  requiredFields: (config) => (config.strict === true ? [typeof config.field_name === 'string' ? config.field_name : 'assistant'] : []),
  optionalFields: (config) => (config.strict === true ? [] : [{ anyOf: [typeof config.field_name === 'string' ? config.field_name : 'assistant'], whenMissing: 'marks it valid: false' }]),
});

export const MarkdownMultiplierBlock = fakeBlock({
  type: 'MarkdownMultiplierBlock',
  isMultiplier: true,
  inputs: ['file_content'],
  outputs: ['chunk_text', 'chunk_index'],
  configSchema: schema({
    parser_type: { type: 'string', enum: ['markdown', 'sentence'], default: 'markdown' },
    chunk_size: { type: 'integer', default: 0 },
    chunk_overlap: { type: 'integer', default: 50 },
  }),
});

export const FieldMapper = fakeBlock({
  type: 'FieldMapper',
  inputs: ['*'],
  outputs: ['*'],
  configSchema: schema({ mappings: { type: ['string', 'object'], default: '{}', format: 'json-or-template' } }),
});

export function fakeRegistry(definitions: BlockDefinition[] = [TextGenerator, StructuredGenerator, ValidatorBlock, JSONValidatorBlock, MarkdownMultiplierBlock, FieldMapper]): BlockRegistry {
  const byType = new Map(definitions.map((d) => [d.type, d]));
  return {
    get: (type) => byType.get(type),
    types: () => [...byType.keys()].sort(),
    all: () => [...byType.values()],
  };
}
