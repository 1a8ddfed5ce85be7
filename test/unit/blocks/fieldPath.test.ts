import assert from 'node:assert/strict';
import { fieldRoot, readFieldPath, readFieldText } from '../../../src/core/blocks/fieldPath';

const state = {
  assistant: 'plain',
  'a.b': 'literal key',
  a: { b: 'nested' },
  messages: [
    { role: 'system', content: 'Be kind.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello!' },
    { role: 'user', content: 'Bye' },
    { role: 'assistant', content: 'Goodbye.' },
  ],
};

describe('field paths into the state', () => {
  it('reads plain keys, and a key spelled like a path wins over the path', () => {
    assert.equal(readFieldPath(state, 'assistant'), 'plain');
    assert.equal(readFieldPath(state, 'a.b'), 'literal key');
    assert.equal(readFieldPath({ a: { b: 'nested' } }, 'a.b'), 'nested');
  });

  it('reads indices from the start and from the end', () => {
    assert.equal(readFieldPath(state, 'messages[1].content'), 'Hi');
    assert.equal(readFieldPath(state, 'messages[-1].content'), 'Goodbye.');
    assert.equal(readFieldPath(state, 'messages[9].content'), undefined);
  });

  it('selects every element, or the elements of one role, as a list', () => {
    assert.deepEqual(readFieldPath(state, 'messages[role=assistant].content'), ['Hello!', 'Goodbye.']);
    assert.deepEqual(readFieldPath(state, 'messages[*].role'), ['system', 'user', 'assistant', 'user', 'assistant']);
    assert.deepEqual(readFieldPath(state, 'messages[role=tool].content'), []);
  });

  it('gives a many-path as one text, a line per value', () => {
    assert.equal(readFieldText(state, 'messages[role=user].content'), 'Hi\nBye');
    assert.equal(readFieldText(state, 'messages[0]'), '{"role":"system","content":"Be kind."}');
    assert.equal(readFieldText(state, 'missing.path'), '');
  });

  it('never reaches prototypes or constructors', () => {
    assert.equal(readFieldPath(state, 'constructor'), undefined);
    assert.equal(readFieldPath(state, 'a.constructor.name'), undefined);
    assert.equal(readFieldPath(state, '__proto__.toString'), undefined);
    assert.equal(readFieldPath(state, 'messages.length'), undefined);
    assert.equal(readFieldPath(state, 'messages.1.content'), 'Hi');
  });

  it('treats malformed paths as plain (absent) keys', () => {
    assert.equal(readFieldPath(state, 'a..b'), undefined);
    assert.equal(readFieldPath(state, '.a'), undefined);
    assert.equal(readFieldPath(state, 'messages[x]'), undefined);
  });

  it('names the top-level field a path needs', () => {
    assert.equal(fieldRoot('messages[-1].content'), 'messages');
    assert.equal(fieldRoot('generated.question'), 'generated');
    assert.equal(fieldRoot('assistant'), 'assistant');
  });
});
