import assert from 'node:assert/strict';
import { jsonValidator } from '../../../src/core/blocks/jsonValidator';
import { BlockExecutionError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';

async function validate(config: Record<string, unknown>, state: Record<string, unknown>) {
  const r = await runBlock(jsonValidator, config, state);
  assert.ok('output' in r);
  return r.output;
}

describe('JSONValidatorBlock', () => {
  it('parses the assistant field by default', async () => {
    assert.deepEqual(await validate({}, { assistant: '{"a":1}' }), { valid: true, parsed_json: { a: 1 } });
  });

  it('strips a surrounding ```json fence', async () => {
    assert.deepEqual(await validate({}, { assistant: '```json\n{"a":2}\n```' }), { valid: true, parsed_json: { a: 2 } });
  });

  it('uses objects and arrays as they are', async () => {
    assert.deepEqual(await validate({ field_name: 'generated' }, { generated: { t: 1 } }), { valid: true, parsed_json: { t: 1 } });
    assert.deepEqual(await validate({ field_name: 'generated' }, { generated: [1] }), { valid: true, parsed_json: [1] });
  });

  it('non-strict: invalid JSON marks the record invalid', async () => {
    assert.deepEqual(await validate({}, { assistant: 'nope' }), { valid: false, parsed_json: null });
  });

  it('strict: invalid JSON fails the block', async () => {
    await assert.rejects(runBlock(jsonValidator, { strict: true }, { assistant: '{bad' }), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /invalid JSON in 'assistant'/);
      return true;
    });
  });

  it('checks required fields, given as JSON or as a template', async () => {
    assert.deepEqual(await validate({ required_fields: ['a', 'b'] }, { assistant: '{"a":1}' }), { valid: false, parsed_json: null });
    assert.deepEqual(await validate({ required_fields: ['a'] }, { assistant: '{"a":1}' }), { valid: true, parsed_json: { a: 1 } });
    assert.deepEqual(await validate({ required_fields: '{{ keys | tojson }}' }, { keys: ['z'], assistant: '{"a":1}' }), { valid: false, parsed_json: null });
    assert.deepEqual(await validate({ required_fields: ['a'] }, { assistant: '[1]' }), { valid: false, parsed_json: null });
  });

  it('rejects required_fields that are not strings', async () => {
    await assert.rejects(runBlock(jsonValidator, { required_fields: [1] }, { assistant: '{}' }), /All items in required_fields must be strings/);
  });

  // mirrors tests/blocks/test_json_validator.py::test_missing_field_returns_invalid (a missing field is valid: false)
  // and ::test_strict_mode_raises_error (strict fails on what is not JSON, an absent field included).
  it('reads its field as optional unless strict, where a missing field fails the unit', async () => {
    assert.deepEqual(jsonValidator.requiredFields({ field_name: 'generated', strict: false }), []);
    assert.deepEqual(jsonValidator.optionalFields?.({ field_name: 'generated', strict: false }).map((i) => i.anyOf), [['generated']]);
    assert.deepEqual(jsonValidator.requiredFields({ field_name: 'generated', strict: true }), ['generated']);
    assert.deepEqual(jsonValidator.optionalFields?.({ field_name: 'generated', strict: true }), []);
    assert.deepEqual(jsonValidator.requiredFields({ field_name: 'data', required_fields: '{{ keys | tojson }}' }), ['keys']);
    const loose = await runBlock(jsonValidator, { field_name: 'data', strict: false }, { other_field: 'value' });
    assert.deepEqual('output' in loose && loose.output, { valid: false, parsed_json: null });
    await assert.rejects(runBlock(jsonValidator, { field_name: 'data', strict: true }, { other_field: 'value' }), /invalid JSON in 'data'/);
  });
});
