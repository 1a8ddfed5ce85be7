import assert from 'node:assert/strict';
import { conversationGenerator } from '../../../src/core/blocks/conversationGenerator';
import { parseDialogue } from '../../../src/core/blocks/conversationDialogue';
import { coherenceScore } from '../../../src/core/blocks/coherenceScore';
import { validator } from '../../../src/core/blocks/validator';
import { BlockExecutionError } from '../../../src/core/errors';
import type { ChatRequest } from '../../../src/core/llm/llmTypes';
import { runBlock } from '../helpers/blockHarness';
import { ScriptedLlm } from '../helpers/scriptedLlm';

/** Answers as the user simulator ("U<n>") or the assistant ("A<n>"), told apart by the system message. */
function roleplay(endAt?: string) {
  let user = 0;
  let assistant = 0;
  return (request: ChatRequest): string => {
    const simulatingUser = request.messages[0]?.content.startsWith('You play the USER');
    if (simulatingUser) return `U${++user}${endAt === `U${user}` ? ' thanks, goodbye' : ''}`;
    return `A${++assistant}`;
  };
}

function messagesOf(result: Awaited<ReturnType<typeof runBlock>>): { role: string; content: string }[] {
  assert.ok('output' in result);
  return result.output.messages as { role: string; content: string }[];
}

describe('ConversationGenerator', () => {
  it('per_turn: one call per message, user first, the system message first, usage summed', async () => {
    const llm = new ScriptedLlm(roleplay());
    const result = await runBlock(
      conversationGenerator,
      { min_turns: 2, max_turns: 2, assistant_instructions: 'Help with {{ topic }}.', user_persona: 'A student of {{ topic }}.', scenario: 'Exam prep for {{ topic }}' },
      { topic: 'chemistry' },
      llm,
    );
    assert.deepEqual(messagesOf(result), [
      { role: 'system', content: 'Help with chemistry.' },
      { role: 'user', content: 'U1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'U2' },
      { role: 'assistant', content: 'A2' },
    ]);
    assert.equal(llm.requests.length, 4);
    assert.deepEqual((result as { usage: unknown }).usage, { input_tokens: 40, output_tokens: 20, cached_tokens: 4 });
    // The simulated user sees its persona and scenario, and the dialogue with the roles swapped.
    const secondUserCall = llm.requests[2];
    assert.match(secondUserCall.messages[0].content, /A student of chemistry\.[\s\S]*Exam prep for chemistry/);
    assert.deepEqual(secondUserCall.messages.slice(1), [
      { role: 'assistant', content: 'U1' },
      { role: 'user', content: 'A1' },
    ]);
    // The assistant sees its instructions and the dialogue as it is.
    assert.deepEqual(llm.requests[3].messages, [
      { role: 'system', content: 'Help with chemistry.' },
      { role: 'user', content: 'U1' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'U2' },
    ]);
  });

  it('stops after the assistant replies to a message with an end phrase', async () => {
    const llm = new ScriptedLlm(roleplay('U2'));
    const result = await runBlock(conversationGenerator, { min_turns: 5, max_turns: 5, end_phrases: ['GOODBYE'], include_system: false }, {}, llm);
    assert.deepEqual(messagesOf(result).map((m) => m.content), ['U1', 'A1', 'U2 thanks, goodbye', 'A2']);
    assert.equal(llm.requests.length, 4);
  });

  it('draws the number of exchanges per seed within the range, the same for the same seed', async () => {
    const counts = new Set<number>();
    for (const topic of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      const config = { min_turns: 1, max_turns: 3, scenario: '{{ topic }}', include_system: false };
      const first = messagesOf(await runBlock(conversationGenerator, config, { topic }, new ScriptedLlm(roleplay()))).length / 2;
      const again = messagesOf(await runBlock(conversationGenerator, config, { topic }, new ScriptedLlm(roleplay()))).length / 2;
      assert.equal(again, first, `seed ${topic}`);
      assert.ok(first >= 1 && first <= 3);
      counts.add(first);
    }
    assert.ok(counts.size > 1, 'the range is used');
  });

  it('whole_dialogue: one JSON call, the dialogue read from the answer', async () => {
    const answer = JSON.stringify({ messages: [
      { role: 'user', content: 'How do I boil an egg?' },
      { role: 'assistant', content: 'Ten minutes.' },
      { role: 'user', content: 'Soft?' },
    ] });
    const llm = new ScriptedLlm(() => answer);
    const result = await runBlock(conversationGenerator, { mode: 'whole_dialogue', min_turns: 2, max_turns: 2, scenario: 'cooking' }, {}, llm);
    assert.equal(llm.requests.length, 1);
    assert.deepEqual(llm.requests[0].responseFormat, { type: 'json_object' });
    assert.match(llm.requests[0].messages[0].content, /exactly 2 exchanges[\s\S]*cooking/);
    // The trailing user message without a reply is dropped.
    assert.deepEqual(messagesOf(result), [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'How do I boil an egg?' },
      { role: 'assistant', content: 'Ten minutes.' },
    ]);
  });

  it('whole_dialogue: an unusable answer fails the unit, naming the block and what was wrong', async () => {
    const llm = new ScriptedLlm(() => '{"messages": [{"role": "assistant", "content": "hi"}]}');
    await assert.rejects(runBlock(conversationGenerator, { mode: 'whole_dialogue' }, {}, llm), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /message 1 is from the assistant, expected the user/);
      return true;
    });
  });

  it('refuses a range whose max is below its min', async () => {
    await assert.rejects(runBlock(conversationGenerator, { min_turns: 4, max_turns: 2 }, {}), /max_turns \(2\) is below min_turns \(4\)/);
  });

  it('reads ShareGPT roles and a bare array', () => {
    const parsed = parseDialogue('[{"role": "human", "content": "q"}, {"role": "gpt", "content": "a"}]');
    assert.deepEqual(parsed, { ok: true, messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] });
    assert.deepEqual(parseDialogue('not json').ok, false);
  });

  it('derives required fields from its templates', () => {
    assert.deepEqual(conversationGenerator.requiredFields({ user_persona: '{{ persona }}', scenario: '{{ topic.name }}', assistant_instructions: 'x' }), ['persona', 'topic']);
  });

  it('its messages feed validators and metrics through a field path', async () => {
    const state = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'One two three four. Five six seven eight.' }] };
    const checked = await runBlock(validator, { field_name: 'messages[role=assistant].content', forbidden_words: ['seven'] }, state);
    assert.deepEqual('output' in checked && checked.output, { valid: false });
    const scored = await runBlock(coherenceScore, { field_name: 'messages[-1].content' }, state);
    assert.deepEqual('output' in scored && scored.output, { coherence_score: 0.2 });
    assert.deepEqual(validator.optionalFields?.({ field_name: 'messages[-1].content', min_length: 0 })[0].anyOf, ['messages']);
  });
});
