import { BlockExecutionError } from '../errors';
import { addUsage, emptyUsage, type ChatMessage, type TokenUsage } from '../llm/llmTypes';
import type { BlockContext, NormalBlockDefinition } from './blockTypes';
import { isOneOf, modelConfig, numberConfig, resolveStringList } from './configValues';
import { dialogueRequest, parseDialogue, type DialogueMessage, type DialogueSetting } from './conversationDialogue';
import { assistantTurnMessages, userTurnMessages } from './conversationTurns';
import { mulberry32 } from './seededRandom';
import { templateFieldsOf } from './stateText';

const MODES = ['per_turn', 'whole_dialogue'] as const;

/**
 * Multi-turn conversations for chat fine-tuning: a user (played by the model from a persona) and an assistant (the
 * model under its instructions) talk for a number of exchanges, optionally about a scenario from the seed. A turn is
 * one exchange: a user message and the assistant's reply, so every dialogue starts with the user and ends with the
 * assistant. `per_turn` makes one call per message (the simulated user sees the dialogue with the roles swapped);
 * `whole_dialogue` asks for the whole dialogue in one JSON call. The dialogue ends early after the assistant's reply
 * when a message contains one of the end phrases.
 */
export const conversationGenerator: NormalBlockDefinition = {
  type: 'ConversationGenerator',
  name: 'Conversation Generator',
  description: 'Generate a multi-turn dialogue (user persona ↔ assistant) as messages [{role, content}], ready for chat fine-tuning.',
  category: 'generators',
  inputs: [],
  outputs: ['messages'],
  isMultiplier: false,
  configSchema: {
    type: 'object',
    properties: {
      model: { type: ['string', 'null'], modelKind: 'llm', description: 'Model name; empty uses the default model.' },
      temperature: { type: 'number', default: 0.8, minimum: 0, maximum: 2 },
      max_tokens: { type: 'integer', default: 1024, minimum: 1, description: 'Per call: one message (per_turn) or the whole dialogue.' },
      assistant_instructions: {
        type: 'string',
        default: 'You are a helpful assistant.',
        format: 'prompt',
        description: "The assistant's system message (template); kept as the first message when include_system is on.",
      },
      user_persona: {
        type: 'string',
        default: 'You are a curious user asking an assistant for help.',
        format: 'prompt',
        description: 'Who the simulated user is and what they want (template).',
      },
      scenario: { type: 'string', default: '', format: 'prompt', description: 'What the conversation is about, usually from the seed (template).' },
      min_turns: { type: 'integer', default: 3, minimum: 1, maximum: 50, description: 'Fewest exchanges (user message + assistant reply).' },
      max_turns: { type: 'integer', default: 3, minimum: 1, maximum: 50, description: 'Most exchanges; the count is drawn per seed between the two.' },
      mode: { type: 'string', default: 'per_turn', enum: MODES, description: 'per_turn: one call per message; whole_dialogue: one JSON call for all.' },
      end_phrases: {
        type: ['array', 'string'],
        items: { type: 'string' },
        default: '',
        format: 'json-or-template',
        description: 'Phrases that end the dialogue after the assistant replies (case-insensitive), e.g. ["goodbye"].',
      },
      include_system: { type: 'boolean', default: true, description: 'Start messages with the system message of assistant_instructions.' },
    },
    required: [],
    additionalProperties: false,
  },
  requiredFields(config) {
    const fields = ['assistant_instructions', 'user_persona', 'scenario', 'end_phrases'].flatMap((key) => templateFieldsOf(config[key]));
    return [...new Set(fields)].sort();
  },
  async execute(ctx) {
    const mode = ctx.config.mode;
    if (!isOneOf(MODES, mode)) {
      throw new BlockExecutionError(`mode must be one of ${MODES.join(', ')}, got ${JSON.stringify(mode)}`, ctx.blockId, ctx.blockType);
    }
    const min = numberConfig(ctx, 'min_turns');
    const max = numberConfig(ctx, 'max_turns');
    if (max < min) {
      throw new BlockExecutionError(`max_turns (${max}) is below min_turns (${min}): set max_turns to at least ${min}`, ctx.blockId, ctx.blockType);
    }
    const setting = {
      instructions: await ctx.render(String(ctx.config.assistant_instructions ?? ''), 'assistant_instructions'),
      persona: await ctx.render(String(ctx.config.user_persona ?? ''), 'user_persona'),
      scenario: await ctx.render(String(ctx.config.scenario ?? ''), 'scenario'),
    };
    const endPhrases = (await resolveStringList(ctx, 'end_phrases')).map((p) => p.toLowerCase()).filter((p) => p !== '');
    const turns = turnCount(min, max, `${setting.persona}\n${setting.scenario}\n${setting.instructions}`);
    const usage = emptyUsage();
    const dialogue =
      mode === 'per_turn'
        ? await perTurn(ctx, setting, turns, endPhrases, usage)
        : truncateAtEnd(await wholeDialogue(ctx, setting, turns, usage), endPhrases);
    const messages: ChatMessage[] = ctx.config.include_system === false || setting.instructions === ''
      ? dialogue
      : [{ role: 'system', content: setting.instructions }, ...dialogue];
    return { output: { messages }, usage };
  },
};

/** The number of exchanges for this seed: the same seed gets the same count on every run and machine. */
function turnCount(min: number, max: number, seedText: string): number {
  if (max === min) return min;
  let hash = 2166136261;
  for (let i = 0; i < seedText.length; i++) hash = Math.imul(hash ^ seedText.charCodeAt(i), 16777619);
  return min + Math.floor(mulberry32(hash)() * (max - min + 1));
}

function mentionsEnd(text: string, endPhrases: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return endPhrases.some((p) => lower.includes(p));
}

async function perTurn(ctx: BlockContext, setting: DialogueSetting, turns: number, endPhrases: readonly string[], usage: TokenUsage): Promise<DialogueMessage[]> {
  const dialogue: DialogueMessage[] = [];
  const ask = async (messages: ChatMessage[]): Promise<string> => {
    const response = await ctx.llm.chat(
      { model: modelConfig(ctx), messages, temperature: numberConfig(ctx, 'temperature'), maxTokens: numberConfig(ctx, 'max_tokens') },
      ctx.signal,
    );
    addUsage(usage, response.usage);
    return response.content.trim();
  };
  for (let turn = 0; turn < turns; turn++) {
    const user = await ask(userTurnMessages(setting, dialogue));
    dialogue.push({ role: 'user', content: user });
    const reply = await ask(assistantTurnMessages(setting, dialogue));
    dialogue.push({ role: 'assistant', content: reply });
    if (mentionsEnd(user, endPhrases) || mentionsEnd(reply, endPhrases)) break;
  }
  return dialogue;
}

async function wholeDialogue(ctx: BlockContext, setting: DialogueSetting, turns: number, usage: TokenUsage): Promise<DialogueMessage[]> {
  const response = await ctx.llm.chat(
    { ...dialogueRequest(setting, turns), model: modelConfig(ctx), temperature: numberConfig(ctx, 'temperature'), maxTokens: numberConfig(ctx, 'max_tokens') },
    ctx.signal,
  );
  addUsage(usage, response.usage);
  const parsed = parseDialogue(response.content);
  if (!parsed.ok) {
    throw new BlockExecutionError(`the model's dialogue could not be used: ${parsed.error}. Try mode per_turn, or a model that follows JSON output.`, ctx.blockId, ctx.blockType);
  }
  return parsed.messages;
}

/** Everything up to the first exchange in which an end phrase appears (that exchange is kept whole). */
function truncateAtEnd(dialogue: DialogueMessage[], endPhrases: readonly string[]): DialogueMessage[] {
  if (endPhrases.length === 0) return dialogue;
  for (let i = 0; i < dialogue.length; i++) {
    if (!mentionsEnd(dialogue[i].content, endPhrases)) continue;
    const endOfExchange = dialogue[i].role === 'user' ? i + 1 : i;
    return dialogue.slice(0, endOfExchange + 1);
  }
  return dialogue;
}
