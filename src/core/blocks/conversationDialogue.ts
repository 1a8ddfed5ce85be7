import type { ChatRequest } from '../llm/llmTypes';
import { parseLlmJson } from './llmJson';

/** ConversationGenerator's whole_dialogue mode: the one JSON request, and reading the dialogue out of its answer. */

/** The rendered templates a dialogue is written from. */
export interface DialogueSetting {
  instructions: string;
  persona: string;
  scenario: string;
}

export interface DialogueMessage {
  role: 'user' | 'assistant';
  content: string;
}

export function dialogueRequest(setting: DialogueSetting, turns: number): Pick<ChatRequest, 'messages' | 'responseFormat'> {
  const lines = [
    `Write a realistic conversation between a user and an AI assistant with exactly ${turns} exchanges (${turns * 2} messages),`,
    'alternating user then assistant, starting with the user and ending with the assistant.',
    `The user: ${setting.persona}`,
  ];
  if (setting.instructions !== '') lines.push(`The assistant follows these instructions: ${setting.instructions}`);
  if (setting.scenario !== '') lines.push(`What the conversation is about: ${setting.scenario}`);
  lines.push('Answer with JSON only: {"messages": [{"role": "user", "content": "..."}, {"role": "assistant", "content": "..."}]}');
  return { messages: [{ role: 'user', content: lines.join('\n') }], responseFormat: { type: 'json_object' } };
}

const ROLE_NAMES: Record<string, DialogueMessage['role']> = { user: 'user', human: 'user', assistant: 'assistant', gpt: 'assistant', ai: 'assistant' };

/**
 * The dialogue in a model's answer: `{"messages": [...]}` or a bare array, roles `user`/`assistant` (ShareGPT's
 * `human`/`gpt` too), strictly alternating from the user. A trailing user message without a reply is dropped, so the
 * dialogue always ends with the assistant.
 */
export function parseDialogue(text: string): { ok: true; messages: DialogueMessage[] } | { ok: false; error: string } {
  const parsed = parseLlmJson(text.trim().startsWith('[') ? `{"messages": ${text.trim()}}` : text);
  if (!parsed.ok) return { ok: false, error: `not JSON (${parsed.error})` };
  const list = typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>).messages : parsed.value;
  if (!Array.isArray(list)) return { ok: false, error: 'no "messages" array' };
  const messages: DialogueMessage[] = [];
  for (const [i, item] of list.entries()) {
    const entry = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const role = typeof entry.role === 'string' ? ROLE_NAMES[entry.role.trim().toLowerCase()] : undefined;
    if (typeof entry.role === 'string' && entry.role.trim().toLowerCase() === 'system') continue;
    if (!role) return { ok: false, error: `message ${i + 1} has role ${JSON.stringify(entry.role)} (expected "user" or "assistant")` };
    if (typeof entry.content !== 'string' || entry.content.trim() === '') return { ok: false, error: `message ${i + 1} has no text content` };
    const expected = messages.length % 2 === 0 ? 'user' : 'assistant';
    if (role !== expected) return { ok: false, error: `message ${i + 1} is from the ${role}, expected the ${expected} (turns must alternate, user first)` };
    messages.push({ role, content: entry.content.trim() });
  }
  if (messages.length % 2 === 1) messages.pop();
  if (messages.length === 0) return { ok: false, error: 'the dialogue has no complete exchange' };
  return { ok: true, messages };
}
