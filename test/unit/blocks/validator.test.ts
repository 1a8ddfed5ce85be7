import assert from 'node:assert/strict';
import { validator } from '../../../src/core/blocks/validator';
import { BlockExecutionError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';

async function validate(config: Record<string, unknown>, state: Record<string, unknown>) {
  const r = await runBlock(validator, config, state);
  assert.ok('output' in r);
  return r.output;
}

describe('ValidatorBlock', () => {
  it('declares the reference config and state keys', () => {
    const props = validator.configSchema.properties;
    assert.equal(validator.name, 'Validator');
    assert.equal(validator.category, 'validators');
    assert.deepEqual(validator.inputs, ['text', 'assistant']);
    assert.deepEqual(validator.outputs, ['text', 'valid', 'assistant']);
    assert.deepEqual([props.min_length.default, props.max_length.default, props.forbidden_words.default], [0, 100000, '']);
    assert.equal(props.forbidden_words.format, 'json-or-template');
  });

  it('accepts text within the defaults and echoes text and assistant', async () => {
    assert.deepEqual(await validate({}, { text: 'hello', assistant: 'other' }), { valid: true, text: 'hello', assistant: 'other' });
  });

  it('echoes only the keys present in the state', async () => {
    assert.deepEqual(await validate({}, { assistant: 'answer' }), { valid: true, assistant: 'answer' });
    assert.deepEqual(await validate({}, { text: 't' }), { valid: true, text: 't' });
  });

  it('length limits are inclusive', async () => {
    const limits = { min_length: 3, max_length: 5 };
    assert.equal((await validate(limits, { text: 'ab' })).valid, false);
    assert.equal((await validate(limits, { text: 'abc' })).valid, true);
    assert.equal((await validate(limits, { text: 'abcde' })).valid, true);
    assert.equal((await validate(limits, { text: 'abcdef' })).valid, false);
  });

  it('counts characters like Python (an emoji is one character)', async () => {
    assert.equal((await validate({ max_length: 2 }, { text: '😀😀' })).valid, true);
    assert.equal((await validate({ max_length: 2 }, { text: '😀😀😀' })).valid, false);
  });

  it('checks assistant when text is empty or missing', async () => {
    assert.equal((await validate({ min_length: 4 }, { text: '', assistant: 'long enough' })).valid, true);
    assert.equal((await validate({ min_length: 4 }, { assistant: 'abc' })).valid, false);
    // A non-empty text wins over assistant.
    assert.equal((await validate({ min_length: 4 }, { text: 'abc', assistant: 'long enough' })).valid, false);
  });

  it('nothing to check is length 0: valid only when min_length is 0', async () => {
    assert.deepEqual(await validate({}, {}), { valid: true });
    assert.deepEqual(await validate({ min_length: 1 }, {}), { valid: false });
  });

  it('rejects forbidden words case-insensitively, as substrings', async () => {
    assert.equal((await validate({ forbidden_words: ['BAD'] }, { text: 'This is bad.' })).valid, false);
    assert.equal((await validate({ forbidden_words: ['bad'] }, { text: 'A BADGE' })).valid, false);
    assert.equal((await validate({ forbidden_words: ['bad', 'ugly'] }, { text: 'All good' })).valid, true);
  });

  it('takes forbidden words as a JSON string or a template', async () => {
    assert.equal((await validate({ forbidden_words: '["spam"]' }, { text: 'buy SPAM now' })).valid, false);
    const state = { banned: ['lorem'], text: 'Lorem ipsum' };
    assert.equal((await validate({ forbidden_words: '{{ banned | tojson }}' }, state)).valid, false);
    assert.equal((await validate({ forbidden_words: '{{ banned | tojson }}' }, { ...state, text: 'dolor' })).valid, true);
  });

  it('ignores empty forbidden words instead of rejecting every text', async () => {
    assert.equal((await validate({ forbidden_words: [''] }, { text: 'anything' })).valid, true);
  });

  it('fails on forbidden words that are not strings', async () => {
    await assert.rejects(runBlock(validator, { forbidden_words: [1] }, { text: 'x' }), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /All items in forbidden_words must be strings/);
      return true;
    });
  });

  // The original reads `data.get("text", data.get("assistant", ""))`: text or assistant, else an empty text, so
  // neither is required; only a forbidden_words template's variables are (it cannot render without them).
  it('reads text or assistant as one optional input; requires only the variables of a forbidden_words template', async () => {
    assert.deepEqual(validator.requiredFields({}), []);
    assert.deepEqual(validator.requiredFields({ forbidden_words: '{{ banned | tojson }}' }), ['banned']);
    assert.deepEqual(validator.requiredFields({ forbidden_words: ['a'] }), []);
    assert.deepEqual(validator.optionalFields?.({ min_length: 0 }), [{ anyOf: ['text', 'assistant'], whenMissing: 'checks an empty text: valid: true (min_length is 0)' }]);
    assert.match(validator.optionalFields?.({ min_length: 10 })[0].whenMissing ?? '', /valid: false \(an empty text is shorter than min_length 10\)/);
    // What the run gives, as the warnings say.
    const empty = async (min: number) => {
      const r = await runBlock(validator, { min_length: min, max_length: 100, forbidden_words: [] }, {});
      return 'output' in r ? r.output : undefined;
    };
    assert.deepEqual(await empty(0), { valid: true });
    assert.deepEqual(await empty(10), { valid: false });
  });
});
