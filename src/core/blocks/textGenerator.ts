import type { ChatMessage } from '../llm/llmTypes';
import { templateVariables } from '../templates/templateVariables';
import type { BlockContext, NormalBlockDefinition } from './blockTypes';
import { modelConfig, numberConfig } from './configValues';

/** Free-text generation: renders the system and user prompts and asks the model. */
export const textGenerator: NormalBlockDefinition = {
  type: 'TextGenerator',
  name: 'Text Generator',
  description: 'Generate text with an LLM from a system prompt and a user prompt (Nunjucks templates over the state).',
  category: 'generators',
  inputs: [],
  outputs: ['assistant', 'system', 'user'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      model: { type: ['string', 'null'], modelKind: 'llm', description: 'Model name; empty uses the default model.' },
      temperature: { type: 'number', default: 0.7, minimum: 0, maximum: 2 },
      max_tokens: { type: 'integer', default: 2048, minimum: 1 },
      system_prompt: { type: 'string', default: '', format: 'prompt', description: 'System message (template).' },
      user_prompt: { type: 'string', default: '', format: 'prompt', description: 'User message (template).' },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields(config) {
    return [...new Set([...promptVariables(config.system_prompt), ...promptVariables(config.user_prompt)])].sort();
  },
  async execute(ctx) {
    // An empty prompt falls back to `system` / `user` already in the state (e.g. from an earlier generator).
    const system = await renderOrState(ctx, 'system_prompt', 'system');
    const user = await renderOrState(ctx, 'user_prompt', 'user');
    const messages: ChatMessage[] = [];
    if (system) messages.push({ role: 'system', content: system });
    if (user) messages.push({ role: 'user', content: user });
    const response = await ctx.llm.chat(
      {
        model: modelConfig(ctx),
        messages,
        temperature: numberConfig(ctx, 'temperature'),
        maxTokens: numberConfig(ctx, 'max_tokens'),
      },
      ctx.signal,
    );
    return { output: { assistant: response.content, system, user }, usage: response.usage };
  },
};

function promptVariables(prompt: unknown): string[] {
  return typeof prompt === 'string' && prompt !== '' ? templateVariables(prompt) : [];
}

async function renderOrState(ctx: BlockContext, field: string, stateKey: string): Promise<string> {
  const prompt = ctx.config[field];
  if (typeof prompt === 'string' && prompt !== '') return ctx.render(prompt, field);
  const fallback = ctx.state[stateKey];
  return typeof fallback === 'string' ? fallback : '';
}
