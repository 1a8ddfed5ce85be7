import { describeType } from './describeType';
import type { ChatMapping } from './exportMapping';
import { readReference, type MappableRecord } from './fieldReference';

export type ChatRole = 'system' | 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

const ROLES: readonly string[] = ['system', 'user', 'assistant'];

/** A mapping result: the value, or why this record cannot be exported. */
export type Mapped<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * The conversation of a record as the chat fine-tuning formats need it: roles system/user/assistant, string
 * content, at least one assistant message (the documented OpenAI fine-tuning schema). Anything else is refused
 * with the reason, never repaired silently.
 */
export function chatMessages(record: MappableRecord, mapping: ChatMapping): Mapped<ChatMessage[]> {
  let messages: ChatMessage[];
  if (mapping.messages !== undefined) {
    const value = readReference(record, mapping.messages);
    if (!Array.isArray(value)) return fail(`\`${mapping.messages}\` is ${describeType(value)}, not a list of {role, content} messages`);
    messages = [];
    for (const [i, item] of value.entries()) {
      const message = toMessage(item);
      if (typeof message === 'string') return fail(`\`${mapping.messages}\`[${i}] ${message}`);
      messages.push(message);
    }
  } else {
    const user = text(record, mapping.user, 'user');
    if (!user.ok) return user;
    const assistant = text(record, mapping.assistant, 'assistant');
    if (!assistant.ok) return assistant;
    messages = [
      { role: 'user', content: user.value },
      { role: 'assistant', content: assistant.value },
    ];
  }
  if (mapping.system !== undefined && mapping.system !== '' && messages[0]?.role !== 'system') messages.unshift({ role: 'system', content: mapping.system });
  if (!messages.some((m) => m.role === 'assistant')) return fail('the conversation has no assistant message (chat fine-tuning needs at least one)');
  return { ok: true, value: messages };
}

function toMessage(item: unknown): ChatMessage | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return `is ${describeType(item)}, not a {role, content} message`;
  const { role, content } = item as Record<string, unknown>;
  if (typeof role !== 'string' || !ROLES.includes(role)) return `has role ${JSON.stringify(role ?? null)} (allowed: system, user, assistant)`;
  if (typeof content !== 'string') return `has content that is ${describeType(content)}, not a string`;
  if (content.trim() === '') return 'has empty content';
  return { role: role as ChatRole, content };
}

function text(record: MappableRecord, reference: string | undefined, field: string): Mapped<string> {
  if (reference === undefined) return fail(`no field is mapped to \`${field}\` (map \`messages\`, or \`user\` and \`assistant\`)`);
  return requiredText(record, reference);
}

/** A non-empty string at `reference`, or why not. */
export function requiredText(record: MappableRecord, reference: string): Mapped<string> {
  const value = readReference(record, reference);
  if (typeof value !== 'string') return fail(`\`${reference}\` is ${describeType(value)}, not text`);
  if (value.trim() === '') return fail(`\`${reference}\` is empty`);
  return { ok: true, value };
}

export function fail<T>(reason: string): Mapped<T> {
  return { ok: false, reason };
}
