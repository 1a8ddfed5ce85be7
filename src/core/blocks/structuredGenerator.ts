import { LlmError } from '../errors';
import { rejectsResponseFormat } from '../llm/errorMapping';
import type { ChatRequest, ResponseFormat } from '../llm/llmTypes';
import { templateVariables } from '../templates/templateVariables';
import type { NormalBlockDefinition } from './blockTypes';
import { modelConfig, numberConfig, resolveJsonOrTemplate } from './configValues';
import { parseLlmJson } from './llmJson';

const DEFAULT_PROMPT = 'Generate data according to schema';

/**
 * JSON generation that follows a JSON Schema: asks for `json_schema` structured output, falls back to `json_object`
 * when the endpoint says it does not support that format (a 4xx naming it), and parses JSON out of the text as a
 * last resort.
 */
export const structuredGenerator: NormalBlockDefinition = {
  type: 'StructuredGenerator',
  name: 'Structured Generator',
  description: 'Generate a JSON object that follows a JSON Schema (structured output).',
  category: 'generators',
  inputs: [],
  outputs: ['generated'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      json_schema: {
        type: ['object', 'string'],
        format: 'json-or-template',
        description: 'JSON Schema of the object to generate, or a template that renders to one.',
      },
      model: { type: ['string', 'null'], modelKind: 'llm', description: 'Model name; empty uses the default model.' },
      temperature: { type: 'number', default: 0.7, minimum: 0, maximum: 2 },
      max_tokens: { type: 'integer', default: 2048, minimum: 1 },
      user_prompt: { type: 'string', default: '', format: 'prompt', description: 'User message (template).' },
    },
    required: ['json_schema'],
    additionalProperties: false,
  },
  requiredFields(config) {
    const fields = new Set<string>();
    if (typeof config.user_prompt === 'string' && config.user_prompt !== '') {
      for (const v of templateVariables(config.user_prompt)) fields.add(v);
    }
    if (typeof config.json_schema === 'string' && config.json_schema.includes('{')) {
      for (const v of templateVariables(config.json_schema)) fields.add(v);
    }
    return [...fields].sort();
  },
  async execute(ctx) {
    const schema = (await resolveJsonOrTemplate(ctx, 'json_schema', 'object')) as Record<string, unknown>;
    const configured = ctx.config.user_prompt;
    const prompt =
      typeof configured === 'string' && configured !== ''
        ? await ctx.render(configured, 'user_prompt')
        : typeof ctx.state.user_prompt === 'string' && ctx.state.user_prompt !== ''
          ? ctx.state.user_prompt
          : DEFAULT_PROMPT;
    const base: ChatRequest = {
      model: modelConfig(ctx),
      messages: [{ role: 'user', content: prompt }],
      temperature: numberConfig(ctx, 'temperature'),
      maxTokens: numberConfig(ctx, 'max_tokens'),
    };
    const strict: ResponseFormat = { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } };
    let response;
    try {
      response = await ctx.llm.chat({ ...base, responseFormat: strict }, ctx.signal);
    } catch (e) {
      if (!endpointRejectedFormat(e)) throw e;
      response = await ctx.llm.chat({ ...base, responseFormat: { type: 'json_object' } }, ctx.signal);
    }
    const parsed = parseLlmJson(response.content);
    const generated = parsed.ok ? parsed.value : { raw_response: response.content };
    return { output: { generated }, usage: response.usage };
  },
};

/**
 * Only an answer saying "this endpoint does not do json_schema" moves to json_object. A 5xx, timeout or dropped
 * connection has already been retried by the client's policy and fails the unit: a fallback then would store
 * off-schema records counted as generated.
 */
function endpointRejectedFormat(e: unknown): boolean {
  return e instanceof LlmError && rejectsResponseFormat(e);
}
