import assert from 'node:assert/strict';
import { createAjv } from '../../../src/core/json/createAjv';

describe('createAjv', () => {
  it('accepts the editor annotations of block config schemas', () => {
    const validate = createAjv().compile({
      type: 'object',
      properties: {
        field_name: { type: 'string', title: 'Field', isFieldReference: true },
        model: { type: 'string', modelKind: 'llm' },
        user_prompt: { type: 'string', format: 'prompt' },
        body: { type: 'string', format: 'template' },
        fields: { type: ['string', 'array'], format: 'json-or-template' },
      },
      additionalProperties: false,
    });
    assert.equal(validate({ field_name: 'a', model: 'm', user_prompt: '{{ x }}', body: 'y', fields: ['a'] }), true);
  });

  it('still rejects unknown keywords (strict mode catches schema typos)', () => {
    assert.throws(() => createAjv().compile({ type: 'object', propertiez: {} }), /unknown keyword/);
  });

  it('reports every error, not just the first', () => {
    const validate = createAjv().compile({ type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } } });
    validate({ a: 'x', b: 1 });
    assert.equal(validate.errors?.length, 2);
  });
});
