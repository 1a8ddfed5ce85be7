import assert from 'node:assert/strict';
import { structuredGenerator } from '../../../src/core/blocks/structuredGenerator';
import { BlockExecutionError, LlmError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';
import { ScriptedLlm } from '../helpers/scriptedLlm';

const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] };

describe('StructuredGenerator', () => {
  it('asks for json_schema structured output and parses the answer', async () => {
    const llm = new ScriptedLlm(() => '{"title":"T"}');
    const result = await runBlock(structuredGenerator, { json_schema: schema, user_prompt: 'About {{ c }}' }, { c: 'x' }, llm);
    assert.deepEqual(llm.requests[0].responseFormat, { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } });
    assert.deepEqual(llm.requests[0].messages, [{ role: 'user', content: 'About x' }]);
    assert.ok('output' in result);
    assert.deepEqual(result.output, { generated: { title: 'T' } });
  });

  it('falls back to json_object when the endpoint rejects json_schema', async () => {
    const llm = new ScriptedLlm((r) => (r.responseFormat?.type === 'json_schema' ? new LlmError('bad-request', 'unsupported') : '{"title":"F"}'));
    const result = await runBlock(structuredGenerator, { json_schema: schema }, {}, llm);
    assert.deepEqual(llm.requests.map((r) => r.responseFormat?.type), ['json_schema', 'json_object']);
    assert.ok('output' in result);
    assert.deepEqual(result.output, { generated: { title: 'F' } });
    assert.equal(llm.requests[0].messages[0].content, 'Generate data according to schema');
  });

  it('does not fall back when the request was unauthorised', async () => {
    const llm = new ScriptedLlm(() => new LlmError('auth', 'bad key', 401));
    await assert.rejects(runBlock(structuredGenerator, { json_schema: schema }, {}, llm), /bad key/);
    assert.equal(llm.requests.length, 1);
  });

  it('parses JSON from a code fence, then from surrounding prose, then keeps raw_response', async () => {
    const answers = ['```json\n{"title":"fenced"}\n```', 'Sure! {"title":"prose"} Hope it helps', 'not json at all'];
    const outputs = [];
    for (const a of answers) {
      const r = await runBlock(structuredGenerator, { json_schema: schema }, {}, new ScriptedLlm(() => a));
      assert.ok('output' in r);
      outputs.push(r.output.generated);
    }
    assert.deepEqual(outputs, [{ title: 'fenced' }, { title: 'prose' }, { raw_response: 'not json at all' }]);
  });

  it('accepts a template schema, rendered and parsed', async () => {
    const llm = new ScriptedLlm(() => '{}');
    await runBlock(structuredGenerator, { json_schema: '{{ s | tojson }}' }, { s: schema }, llm);
    const format = llm.requests[0].responseFormat;
    assert.ok(format?.type === 'json_schema');
    assert.deepEqual(format.json_schema.schema, schema);
  });

  it('rejects a schema template that is not a JSON object', async () => {
    await assert.rejects(runBlock(structuredGenerator, { json_schema: '[1,2]' }, {}), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /json_schema must be a JSON object/);
      return true;
    });
    await assert.rejects(runBlock(structuredGenerator, { json_schema: '{ nope' }, {}), /json_schema must be valid JSON/);
  });

  it('uses state user_prompt when the config prompt is empty; required fields come from the prompt', async () => {
    const llm = new ScriptedLlm(() => '{}');
    await runBlock(structuredGenerator, { json_schema: schema }, { user_prompt: 'state prompt' }, llm);
    assert.equal(llm.requests[0].messages[0].content, 'state prompt');
    assert.deepEqual(structuredGenerator.requiredFields({ json_schema: schema, user_prompt: '{{ content }}' }), ['content']);
  });
});
