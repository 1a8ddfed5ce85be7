// The fake server's replies for scenario h: it plays ConversationGenerator's simulated user (a system message that
// starts "You play the USER") and the assistant (a system message "You are <role>. …"), so the transcripts read
// like conversations. Take 1 refuses once (the finance seed) and answers briefly; take 2 answers every seed at more
// length, so comparing the two jobs shows changed outputs and a metric that moved.
import type { FakeChatRequest } from '../../fixtures/fakeOpenAiServer';

export const USER_SIMULATOR_MARK = 'You play the USER';
/** What the first job's assistant answers the finance seed: the report counts it as a refusal. */
export const REFUSAL = "I can't help with pension decisions. Please talk to a licensed financial adviser.";

const USER_LINES = [
  (scenario: string) => `Hi! ${scenario} Where should I start?`,
  () => 'Could you give me one concrete example, step by step?',
  () => "Thanks, that's all I needed. Goodbye!",
];

const BRIEF_ANSWERS = [
  'Good question. Start with the basics: write down what you already know, then we go through it one step at a time.',
  'For example: pick one small task today, try it, and note what happened. Then we adjust together.',
  "You're welcome! Good luck, and come back any time.",
];

function detailedAnswer(role: string, turn: number): string {
  if (turn === 0) return `As ${role}, I would first ask what you have tried so far. Then we split the problem into three small steps and check each one before moving on.`;
  if (turn === 1) return `Here is one: 1) note exactly when it happens, 2) change a single thing, 3) compare the result the next day. Small steps you can check beat one big plan.`;
  return 'Glad it helped. Keep your notes: they make the next question much quicker to answer. Goodbye!';
}

export class ChatSimulator {
  /** 1 for the first job, 2 for the second. */
  take = 1;
  readonly seen = { user: 0, assistant: 0 };

  reply(req: FakeChatRequest): string | undefined {
    const system = req.messages[0]?.role === 'system' ? req.messages[0].content : '';
    if (system.startsWith(USER_SIMULATOR_MARK)) {
      this.seen.user++;
      // The simulated user sees its own earlier messages as the assistant's.
      const turn = req.messages.filter((m) => m.role === 'assistant').length;
      const scenario = /What the conversation is about: (.*)/.exec(system)?.[1] ?? 'I need some help.';
      return USER_LINES[Math.min(turn, USER_LINES.length - 1)](scenario);
    }
    const role = /^You are (.+?)\. /.exec(system)?.[1];
    if (role === undefined) return undefined;
    this.seen.assistant++;
    const turn = req.messages.filter((m) => m.role === 'user').length - 1;
    if (this.take === 1) return role.includes('finance') && turn === 0 ? REFUSAL : BRIEF_ANSWERS[Math.min(turn, BRIEF_ANSWERS.length - 1)];
    return detailedAnswer(role, turn);
  }
}
