import type { ChatMessage } from '../llm/llmTypes';
import type { DialogueMessage, DialogueSetting } from './conversationDialogue';

/** Prompts of ConversationGenerator's per_turn mode: one call writes the next user message, one the reply. */

const OPENING = 'Write your first message to the assistant.';

function userSimulatorSystem(setting: DialogueSetting): string {
  const parts = [
    'You play the USER in a conversation with an AI assistant. Write only the user\'s next message: no role labels, no quotes, no narration.',
    `Who you are: ${setting.persona}`,
  ];
  if (setting.scenario !== '') parts.push(`What the conversation is about: ${setting.scenario}`);
  return parts.join('\n\n');
}

/**
 * The simulated user's view: its persona as the system message and the dialogue with the roles swapped (its own
 * earlier messages are its "assistant" turns), so any chat model can play it; the first turn gets an opening request.
 */
export function userTurnMessages(setting: DialogueSetting, dialogue: readonly DialogueMessage[]): ChatMessage[] {
  const swapped: ChatMessage[] = dialogue.map((m) => ({ role: m.role === 'user' ? 'assistant' : 'user', content: m.content }));
  return [{ role: 'system', content: userSimulatorSystem(setting) }, ...(swapped.length === 0 ? [{ role: 'user' as const, content: OPENING }] : swapped)];
}

/** The assistant's view: its instructions (with the scenario when there is one) and the dialogue so far. */
export function assistantTurnMessages(setting: DialogueSetting, dialogue: readonly DialogueMessage[]): ChatMessage[] {
  const system = setting.instructions;
  return [...(system !== '' ? [{ role: 'system' as const, content: system }] : []), ...dialogue];
}
