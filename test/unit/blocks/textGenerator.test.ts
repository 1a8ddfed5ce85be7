import assert from 'node:assert/strict';
import { textGenerator } from '../../../src/core/blocks/textGenerator';
import { TemplateError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';
import { ScriptedLlm } from '../helpers/scriptedLlm';

describe('TextGenerator', () => {
  it('renders both prompts, sends them with the defaults and writes assistant/system/user', async () => {
    const llm = new ScriptedLlm(() => 'A poem');
    const result = await runBlock(textGenerator, { system_prompt: 'You write about {{ topic }}.', user_prompt: 'Write on {{ topic }}' }, { topic: 'tea' }, llm);
    assert.deepEqual(llm.requests[0].messages, [
      { role: 'system', content: 'You write about tea.' },
      { role: 'user', content: 'Write on tea' },
    ]);
    assert.equal(llm.requests[0].temperature, 0.7);
    assert.equal(llm.requests[0].maxTokens, 2048);
    assert.equal(llm.requests[0].model, undefined);
    assert.ok('output' in result);
    assert.deepEqual(result.output, { assistant: 'A poem', system: 'You write about tea.', user: 'Write on tea' });
    assert.deepEqual(result.usage, { input_tokens: 10, output_tokens: 5, cached_tokens: 1 });
  });

  it('sends only non-empty messages and falls back to state system/user', async () => {
    const llm = new ScriptedLlm(() => 'ok');
    await runBlock(textGenerator, { model: 'big', temperature: 0.1, max_tokens: 9 }, { user: 'from state' }, llm);
    assert.deepEqual(llm.requests[0].messages, [{ role: 'user', content: 'from state' }]);
    assert.equal(llm.requests[0].model, 'big');
    assert.equal(llm.requests[0].temperature, 0.1);
    assert.equal(llm.requests[0].maxTokens, 9);
  });

  it('derives required fields from both prompts', () => {
    assert.deepEqual(textGenerator.requiredFields({ system_prompt: '{{ b }} {{ a }}', user_prompt: '{{ a }} {{ c.d }}' }), ['a', 'b', 'c']);
    assert.deepEqual(textGenerator.requiredFields({}), []);
  });

  it('fails with a TemplateError naming the variable and block', async () => {
    await assert.rejects(runBlock(textGenerator, { user_prompt: '{{ missing }}' }, {}), (e: unknown) => {
      assert.ok(e instanceof TemplateError);
      assert.match(e.message, /Block 'b1' \(TextGenerator\).*undefined variable 'missing'/);
      return true;
    });
  });
});
