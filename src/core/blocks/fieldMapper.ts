import { BlockExecutionError, CancelledError, TemplateLimitError } from '../errors';
import type { BlockContext, NormalBlockDefinition } from './blockTypes';
import { templateFieldsOf } from './stateText';

/**
 * Creates fields by rendering one template per field, e.g. `{"question": "{{ parsed_json.qa.q }}"}`. A result that
 * parses as JSON is stored parsed (so `{{ items | tojson }}` gives back a list). A field whose template fails becomes
 * "" and the record goes on; the error is kept in `_field_errors`, an internal key (never exported) that shows in
 * the block's trace output, because a block's result has no other channel for warnings.
 */
export const fieldMapper: NormalBlockDefinition = {
  type: 'FieldMapper',
  name: 'Field Mapper',
  description: 'Create new fields by rendering a template per field; JSON results are stored parsed.',
  category: 'utilities',
  inputs: ['*'],
  // Dynamic: the editor derives the written keys from the mappings.
  outputs: ['*'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      mappings: {
        type: ['object', 'string'],
        default: '{}',
        format: 'json-or-template',
        description:
          'JSON object mapping new field names to templates, e.g. {"question": "{{ parsed_json.qa.q }}"}, or a template rendering to one, e.g. {{ mappings | tojson }}.',
      },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields(config) {
    const fields = new Set<string>();
    const literal = literalMappings(config.mappings);
    const templates = literal ? Object.values(literal) : [config.mappings];
    for (const template of templates) for (const name of templateFieldsOf(template)) fields.add(name);
    return [...fields].sort();
  },
  async execute(ctx) {
    const mappings = await resolveMappings(ctx);
    const output: Record<string, unknown> = {};
    const errors: string[] = [];
    for (const [field, template] of Object.entries(mappings)) {
      try {
        output[field] = parseIfJson(await ctx.render(template, `mappings.${field}`));
      } catch (e) {
        // A cancelled job or a template over a render budget is not a field that can be left empty.
        if (e instanceof CancelledError || e instanceof TemplateLimitError) throw e;
        output[field] = '';
        errors.push(`Field '${field}' was set to "" because its template failed: ${(e as Error).message}`);
      }
    }
    if (errors.length > 0) output._field_errors = errors;
    return { output };
  },
};

/**
 * The mappings as an object. An object, or a string that already is a JSON object, is used as it is: its values are
 * the templates, rendered once each. (Rendering the whole JSON text first, as the original did, renders every
 * template twice and breaks the JSON as soon as a value contains a quote.) Any other string is a template that must
 * render to such an object.
 */
async function resolveMappings(ctx: BlockContext): Promise<Record<string, string>> {
  const raw = ctx.config.mappings;
  if (raw === undefined || raw === null || raw === '') return {};
  let value: unknown = literalMappings(raw);
  if (value === undefined) {
    if (typeof raw !== 'string') fail(ctx, 'mappings must be a JSON object');
    const rendered = (await ctx.render(raw, 'mappings')).trim();
    if (rendered === '') return {};
    try {
      value = JSON.parse(rendered);
    } catch (e) {
      fail(ctx, `mappings must be valid JSON (after rendering): ${(e as Error).message}. Rendered value: ${rendered.slice(0, 120)}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(ctx, 'mappings must be a JSON object');
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = entries.filter(([, template]) => typeof template !== 'string').map(([key]) => key);
  if (bad.length > 0) fail(ctx, `All mapping values must be template strings; not a string: ${bad.join(', ')}`);
  return value as Record<string, string>;
}

/** An object given as is, or a string that parses as a JSON object without rendering; otherwise undefined. */
function literalMappings(raw: unknown): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** JSON results stored parsed (numbers, lists, objects, booleans, null), anything else as the rendered string. */
function parseIfJson(rendered: string): unknown {
  try {
    return JSON.parse(rendered);
  } catch {
    return rendered;
  }
}

function fail(ctx: BlockContext, message: string): never {
  throw new BlockExecutionError(message, ctx.blockId, ctx.blockType);
}
