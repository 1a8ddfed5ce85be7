import type { ResponseFormat } from '../llm/llmTypes';
import { textTokens } from './promptTokens';

/**
 * What the plan's dry run answers in place of a model: named placeholders of a typical length, so that later
 * blocks render prompts of a plausible size and the plan can say which fields were stand-ins. Earlier jobs'
 * outputs replace them when there are any (see planRun).
 */
export const TEXT_ANSWER_TOKENS = 150;
export const SCHEMA_STRING_TOKENS = 25;

/** `⟨ask⟩ text text …`: about `tokens` cl100k tokens (" text" is one token; the name's marker counts for about 4). */
export function placeholderText(name: string, tokens: number): string {
  return `⟨${name}⟩${' text'.repeat(Math.max(0, Math.round(tokens) - 4))}`;
}

/** The tokens of the placeholders (`⟨name⟩ text text …`) inside these texts. */
export function placeholderTokensIn(texts: readonly unknown[]): number {
  let tokens = 0;
  for (const text of texts) {
    if (typeof text !== 'string' || !text.includes('⟨')) continue;
    for (const match of text.matchAll(/⟨[^⟩\n]*⟩(?: text)*/g)) tokens += textTokens(match[0]);
  }
  return tokens;
}

export function placeholderAnswer(name: string, format: ResponseFormat | undefined): string {
  if (format?.type === 'json_schema') return JSON.stringify(schemaValue(format.json_schema.schema, name, 0));
  if (format?.type === 'json_object') return '{}';
  return placeholderText(name, TEXT_ANSWER_TOKENS);
}

const MAX_DEPTH = 8;

/** A value that follows `schema`: enums and constants as given, strings as placeholders, arrays at their minimum length (at least 1). */
export function schemaValue(schema: unknown, name: string, depth: number): unknown {
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return null;
  const s = schema as Record<string, unknown>;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) return schemaValue(options[0], name, depth + 1);
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      return placeholderText(name, SCHEMA_STRING_TOKENS);
    case 'number':
    case 'integer':
      return typeof s.minimum === 'number' ? s.minimum : 0;
    case 'boolean':
      return true;
    case 'array': {
      const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return Array.from({ length: Math.min(count, 10) }, (_, i) => schemaValue(s.items, `${name}[${i}]`, depth + 1));
    }
    case 'null':
      return null;
    default: {
      const properties = typeof s.properties === 'object' && s.properties !== null ? (s.properties as Record<string, unknown>) : {};
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(properties)) out[key] = schemaValue(child, `${name}.${key}`, depth + 1);
      return out;
    }
  }
}
