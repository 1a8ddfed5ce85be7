/** Conversations in record fields (ConversationGenerator's `messages`, or any chat-shaped list a block wrote). */

export interface ChatTurn {
  role: string;
  content: string;
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer']);

/** The value as a chat transcript when it is one: a non-empty list of `{role, content}` with a known role and text content. */
export function asChatMessages(value: unknown): ChatTurn[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const turns: ChatTurn[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const { role, content } = item as Record<string, unknown>;
    if (typeof role !== 'string' || !ROLES.has(role) || typeof content !== 'string') return undefined;
    turns.push({ role, content });
  }
  return turns;
}

/**
 * The edited transcript: each turn's content replaced, every other key of the original turn kept (a `name` or
 * `tool_call_id` must survive an edit of the text).
 */
export function withEditedContents(original: unknown, contents: readonly string[]): unknown[] {
  return (original as Record<string, unknown>[]).map((turn, i) => ({ ...turn, content: contents[i] }));
}
