import type { BlockCategory } from '../blockTypes';

/** "UppercaseField" → "Uppercase Field": the display name a scaffolded block starts with. */
function displayNameOf(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

/**
 * The starting module `datagenflow blocks scaffold <Name>` writes: a small working block (upper-cases a state
 * field) whose comments and JSDoc types spell out the whole contract, so `// @ts-check` in VS Code checks it.
 * The README shows this text for `UppercaseField` verbatim (a test keeps them equal).
 */
export function scaffoldBlockSource(type: string, category: BlockCategory): string {
  return `// @ts-check
'use strict';

/*
 * ${type}: a DataGenFlow custom block.
 *
 * DataGenFlow loads every .js/.cjs file directly in the custom blocks folder (setting
 * datagenflow.customBlocksFolder, default .datagenflow/blocks) as a CommonJS module, in trusted workspaces
 * only, and reloads it when a file there changes. Files starting with "_" (helpers you require) and
 * *.test.js files are not loaded as blocks. A module that fails to load is listed with its error
 * (datagenflow blocks list) and never affects the other blocks.
 *
 * The module exports one block object (module.exports = block, or exports.block = block):
 *   type          the name pipelines use ("type" of a block in *.dgf.json): PascalCase, unique,
 *                 and not the type of a built-in block
 *   name          display name; description: one sentence for the block palette
 *   category      generators | validators | metrics | seeders | utilities | integrations | general
 *   inputs        state fields it reads (["*"]: any); outputs: fields it writes (["*"]: any)
 *   configSchema  its settings as a JSON Schema object (the editor's form; configs are checked against it)
 *   isMultiplier  optional; true: execute returns { items: [...] }, each item becoming its own record
 *   requiredFields(config)  optional; state fields this config needs (default: inputs, none for ["*"]);
 *                 seeds lacking one are reported by Verify Seeds
 *   execute(ctx)  async; returns { output: { field: value } } (every field declared in outputs),
 *                 optionally with usage: { input_tokens, output_tokens, cached_tokens }.
 *                 Throwing fails this record with your message (other records go on).
 */

/** @typedef {'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null'} ValueType */

/**
 * One setting of the block, as a JSON Schema property.
 * @typedef {object} ConfigField
 * @property {ValueType | ValueType[]} type  several types: a JSON value or a template producing one
 * @property {string} [title]
 * @property {string} [description]
 * @property {unknown} [default]
 * @property {unknown[]} [enum]  allowed values (a dropdown)
 * @property {{ type: ValueType, enum?: unknown[] }} [items]  for arrays
 * @property {number} [minimum]
 * @property {number} [maximum]
 * @property {boolean} [isFieldReference]  the value names a state field (a field picker)
 * @property {'prompt' | 'template' | 'json-or-template'} [format]  multi-line template editors
 * @property {'llm' | 'embedding'} [modelKind]  the value names a configured model
 */

/**
 * What execute gets.
 * @typedef {object} BlockContext
 * @property {Readonly<Record<string, unknown>>} state  seed metadata plus the outputs of earlier blocks
 * @property {Readonly<Record<string, unknown>>} config  this block's settings, defaults applied
 * @property {string} blockId
 * @property {string} blockType
 * @property {string} jobId
 * @property {string} traceId
 * @property {AbortSignal} signal  fires when the job is cancelled: pass it on (fetch, llm calls)
 * @property {{ chat(request: { model?: string, messages: { role: 'system' | 'user' | 'assistant', content: string }[], temperature?: number, maxTokens?: number }, signal: AbortSignal): Promise<{ content: string, usage: Usage, model: string }>, embed(request: { model?: string, input: string[] }, signal: AbortSignal): Promise<{ vectors: number[][], usage: Usage, model: string }> }} llm  the configured models
 * @property {(template: string, field?: string) => Promise<string>} render  renders a Nunjucks template against state
 *   (await it; runs off the main thread within the render budgets; errors name this block and the field)
 * @property {(name: string) => Promise<string | undefined>} secrets  e.g. an API key of another service
 * @property {string} pipelineName
 */

/** @typedef {{ input_tokens: number, output_tokens: number, cached_tokens: number }} Usage */

const block = {
  type: '${type}',
  name: '${displayNameOf(type)}',
  description: 'Writes the text of a state field in upper case.',
  /** @type {'generators' | 'validators' | 'metrics' | 'seeders' | 'utilities' | 'integrations' | 'general'} */
  category: '${category}',
  // The field read depends on the config, so inputs is "*" and requiredFields names it.
  inputs: ['*'],
  outputs: ['uppercased'],
  configSchema: {
    type: 'object',
    /** @type {Record<string, ConfigField>} */
    properties: {
      field: { type: 'string', default: 'text', isFieldReference: true, description: 'State field to upper-case.' },
    },
    required: [],
    additionalProperties: false,
  },

  /**
   * @param {Readonly<Record<string, unknown>>} config
   * @returns {string[]}
   */
  requiredFields(config) {
    return [String(config.field)];
  },

  /**
   * @param {BlockContext} ctx
   * @returns {Promise<{ output: { uppercased: string }, usage?: Usage }>}
   */
  async execute(ctx) {
    const field = String(ctx.config.field);
    const value = ctx.state[field];
    if (typeof value !== 'string') {
      throw new Error(\`field "\${field}" must be text, found \${JSON.stringify(value)}: set "field" to a text field\`);
    }
    return { output: { uppercased: value.toUpperCase() } };
  },
};

module.exports = block;
`;
}

/** The \`node --test\` file written next to the block: it runs execute with a hand-made context, no model needed. */
export function scaffoldTestSource(type: string, blockFile: string, testPath: string): string {
  return `// Run with: node --test ${testPath}
// (DataGenFlow never loads *.test.js files as blocks.)
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const block = require('./${blockFile}');

/**
 * A context as DataGenFlow passes it to execute; enough for blocks that do not call a model.
 * @param {Record<string, unknown>} state
 * @param {Record<string, unknown>} [config]
 */
function context(state, config = {}) {
  return {
    state,
    config: { field: 'text', ...config },
    blockId: 'test',
    blockType: block.type,
    jobId: 'test',
    traceId: 'test',
    signal: new AbortController().signal,
    llm: {
      chat: async () => assert.fail('this test uses no model'),
      embed: async () => assert.fail('this test uses no model'),
    },
    render: async (/** @type {string} */ template) => template,
    secrets: async () => undefined,
    pipelineName: 'test',
  };
}

test('${type} upper-cases the configured field', async () => {
  assert.deepEqual(await block.execute(context({ text: 'hello' })), { output: { uppercased: 'HELLO' } });
  assert.deepEqual(await block.execute(context({ title: 'Tea' }, { field: 'title' })), { output: { uppercased: 'TEA' } });
});

test('${type} fails the record when the field is not text', async () => {
  await assert.rejects(block.execute(context({ text: 42 })), /field "text" must be text/);
});

test('${type} asks seeds for the configured field', () => {
  assert.deepEqual(block.requiredFields({ field: 'title' }), ['title']);
});
`;
}
