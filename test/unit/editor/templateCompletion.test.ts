import assert from 'node:assert/strict';
import { completionSite, insertCompletion, matchingFields } from '../../../webview-ui/editor/templateCompletion';

describe('Template completion in prompt fields (pure, no browser)', () => {
  it('opens right after {{ (spaces, a dash, a partial name), not elsewhere', () => {
    assert.deepEqual(completionSite('Write about {{', 14), { start: 12, prefix: '' });
    assert.deepEqual(completionSite('Write about {{ to', 17), { start: 12, prefix: 'to' });
    assert.deepEqual(completionSite('A {{- na', 8), { start: 2, prefix: 'na' });
    assert.deepEqual(completionSite('{{ a }} and {{ b', 16), { start: 12, prefix: 'b' });
    assert.equal(completionSite('{{ topic }}', 11), undefined);
    assert.equal(completionSite('{ topic', 7), undefined);
    assert.equal(completionSite('{{ a.b', 6), undefined, 'an attribute is not a field name');
    assert.deepEqual(completionSite('{{ topic }} more', 5), { start: 0, prefix: 'to' }, 'the caret decides, not the end of the text');
  });

  it('offers names starting with what was typed first, then names containing it, case-insensitively', () => {
    const fields = ['topic', 'stop_words', 'Tone', 'answer'].map((name) => ({ name, origin: '' }));
    assert.deepEqual(matchingFields(fields, 'to').map((f) => f.name), ['topic', 'Tone', 'stop_words']);
    assert.deepEqual(matchingFields(fields, '').map((f) => f.name), ['topic', 'stop_words', 'Tone', 'answer']);
    assert.deepEqual(matchingFields(fields, 'zz'), []);
  });

  it('inserts {{ name }} in place of the {{ and the partial name, replacing the rest of the name and a closing }}', () => {
    assert.deepEqual(insertCompletion('Write about {{', 14, { start: 12, prefix: '' }, 'topic'), { text: 'Write about {{ topic }}', caret: 23 });
    assert.deepEqual(insertCompletion('About {{ to and more', 11, { start: 6, prefix: 'to' }, 'topic'), { text: 'About {{ topic }} and more', caret: 17 });
    assert.deepEqual(insertCompletion('{{ tox }} end', 5, { start: 0, prefix: 'to' }, 'topic'), { text: '{{ topic }} end', caret: 11 }, 'the rest of the name and the }} are replaced, not doubled');
  });
});
