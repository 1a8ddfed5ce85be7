import type { NormalBlockDefinition } from './blockTypes';
import { numberConfig, resolveStringList } from './configValues';
import { fieldRoot, readFieldText } from './fieldPath';
import { fieldName, stateText, templateFieldsOf } from './stateText';

/**
 * Marks a record valid or not by length and forbidden words. It checks `text`, or `assistant` when `text` is empty,
 * and passes both through unchanged when present.
 */
export const validator: NormalBlockDefinition = {
  type: 'ValidatorBlock',
  name: 'Validator',
  description: 'Validate text against rules: length limits and forbidden words (checks field_name, else text, else assistant).',
  category: 'validators',
  inputs: ['text', 'assistant'],
  outputs: ['text', 'valid', 'assistant'],
  passThrough: ['text', 'assistant'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      field_name: {
        type: 'string',
        default: '',
        isFieldReference: true,
        description: 'Field (or path, e.g. messages[role=assistant].content) to check; empty checks text, else assistant.',
      },
      min_length: { type: 'integer', default: 0, minimum: 0, description: 'Minimum length in characters.' },
      max_length: { type: 'integer', default: 100000, minimum: 0, description: 'Maximum length in characters.' },
      forbidden_words: {
        type: ['array', 'string'],
        items: { type: 'string' },
        default: '',
        format: 'json-or-template',
        description: 'Words that must not appear (case-insensitive substring match), as a JSON array or a template rendering to one.',
      },
    },
    required: [],
    additionalProperties: false,
  },
  // It reads `text`, else `assistant`, else checks an empty text (as the original does): neither is required, and
  // the forbidden words' template variables are (a template cannot render without them).
  requiredFields(config) {
    return templateFieldsOf(config.forbidden_words);
  },
  optionalFields(config) {
    const path = fieldName(config.field_name, '');
    const min = Number(config.min_length ?? 0);
    const result = min > 0 ? `valid: false (an empty text is shorter than min_length ${min})` : 'valid: true (min_length is 0)';
    return [{ anyOf: path !== '' ? [fieldRoot(path)] : ['text', 'assistant'], whenMissing: `checks an empty text: ${result}` }];
  },
  async execute(ctx) {
    const minLength = numberConfig(ctx, 'min_length');
    const maxLength = numberConfig(ctx, 'max_length');
    // Empty words are skipped: '' is a substring of every text and would reject everything.
    const forbidden = (await resolveStringList(ctx, 'forbidden_words'))
      .map((w) => w.toLowerCase())
      .filter((w) => w !== '');
    const path = fieldName(ctx.config.field_name, '');
    const primary = stateText(ctx.state.text);
    const text = path !== '' ? readFieldText(ctx.state, path) : primary !== '' ? primary : stateText(ctx.state.assistant);
    // Characters as Python's len() counts them (code points), so an emoji is one character, not two.
    const length = Array.from(text).length;
    let valid = length >= minLength && length <= maxLength;
    if (valid && forbidden.length > 0) {
      const lower = text.toLowerCase();
      valid = !forbidden.some((word) => lower.includes(word));
    }
    const output: Record<string, unknown> = { valid };
    if (Object.prototype.hasOwnProperty.call(ctx.state, 'text')) output.text = ctx.state.text;
    if (Object.prototype.hasOwnProperty.call(ctx.state, 'assistant')) output.assistant = ctx.state.assistant;
    return { output };
  },
};
