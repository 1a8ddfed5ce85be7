import { BlockExecutionError } from '../errors';
import type { NormalBlockDefinition } from './blockTypes';
import { resolveStringList } from './configValues';
import { stripCodeFence } from './llmJson';

/** Parses a state field as JSON and checks required keys; strict mode fails the unit on invalid JSON. */
export const jsonValidator: NormalBlockDefinition = {
  type: 'JSONValidatorBlock',
  name: 'JSON Validator',
  description: 'Parse a field as JSON (code fences allowed) and check that required keys are present.',
  category: 'validators',
  inputs: ['*'],
  outputs: ['valid', 'parsed_json'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      field_name: { type: 'string', default: 'assistant', isFieldReference: true, description: 'State field holding the JSON.' },
      required_fields: {
        type: ['array', 'string'],
        items: { type: 'string' },
        default: '',
        format: 'json-or-template',
        description: 'Keys that must be present, as a JSON array or a template rendering to one.',
      },
      strict: { type: 'boolean', default: false, description: 'Fail the record on invalid JSON instead of marking it invalid.' },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields(config) {
    const field = typeof config.field_name === 'string' && config.field_name !== '' ? config.field_name : 'assistant';
    return [field];
  },
  async execute(ctx) {
    const fieldName = String(ctx.config.field_name || 'assistant');
    const required = await resolveStringList(ctx, 'required_fields');
    const value = ctx.state[fieldName];
    let parsed: unknown;
    if (typeof value === 'object' && value !== null) {
      parsed = value;
    } else {
      const text = stripCodeFence(typeof value === 'string' ? value : String(value ?? '')).trim();
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        if (ctx.config.strict === true) {
          throw new BlockExecutionError(`invalid JSON in '${fieldName}': ${(e as Error).message}`, ctx.blockId, ctx.blockType);
        }
        return { output: { valid: false, parsed_json: null } };
      }
    }
    if (required.length > 0) {
      const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      if (!isObject || required.some((k) => !Object.prototype.hasOwnProperty.call(parsed, k))) {
        return { output: { valid: false, parsed_json: null } };
      }
    }
    return { output: { valid: true, parsed_json: parsed } };
  },
};
