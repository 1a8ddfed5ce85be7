import { countTokens } from '../blocks/markdownChunking';
import type { ChatMessage, ResponseFormat } from '../llm/llmTypes';

/**
 * Input tokens of a request as the plan counts them (cl100k_base, the tokenizer already shipped for chunking).
 * Chat framing follows OpenAI's published accounting: every message costs 3 tokens plus its role (1 token) and
 * its content, and 3 more prime the answer. A json_schema response format is sent to the model too (providers
 * inject it into the prompt): its JSON text is counted. Other providers count a little differently; the plan's
 * figures are estimates, and the fake test server counts with these same functions.
 */
export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_PER_REPLY = 3;

export function textTokens(text: string): number {
  return text === '' ? 0 : countTokens(text);
}

/** The json_schema part of a response format, as counted: its name, schema and strictness. */
export function responseFormatTokens(format: ResponseFormat | undefined): number {
  return format?.type === 'json_schema' ? textTokens(JSON.stringify(format.json_schema)) : 0;
}

export function chatInputTokens(messages: readonly Pick<ChatMessage, 'content'>[], format?: ResponseFormat): number {
  let tokens = TOKENS_PER_REPLY;
  for (const message of messages) tokens += TOKENS_PER_MESSAGE + textTokens(message.content);
  return tokens + responseFormatTokens(format);
}

export function embeddingInputTokens(inputs: readonly string[]): number {
  let tokens = 0;
  for (const input of inputs) tokens += textTokens(input);
  return tokens;
}
