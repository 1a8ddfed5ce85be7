import { BlockExecutionError } from '../errors';
import type { NormalBlockDefinition } from './blockTypes';
import { resolveStringList } from './configValues';
import { stripCodeFence } from './llmJson';
import { fieldRoot, readFieldPath } from './fieldPath';
import { templateFieldsOf } from './stateText';

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
  // Without its field it marks the record invalid (the original's test_missing_field_returns_invalid); only strict
  // mode fails the unit, since an absent field is not JSON. The required keys' template variables are needed to render.
  requiredFields(config) {
    const keys = templateFieldsOf(config.required_fields);
    return config.strict === true ? [...new Set([jsonField(config), ...keys])] : keys;
  },
  optionalFields(config) {
    return config.strict === true ? [] : [{ anyOf: [jsonField(config)], whenMissing: 'has no JSON to parse: valid false, parsed_json null' }];
  },
  async execute(ctx) {
    const fieldName = String(ctx.config.field_name || 'assistant');
    const required = await resolveStringList(ctx, 'required_fields');
    const value = readFieldPath(ctx.state, fieldName);
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

function jsonField(config: Readonly<Record<string, unknown>>): string {
  return fieldRoot(typeof config.field_name === 'string' && config.field_name !== '' ? config.field_name : 'assistant');
}
