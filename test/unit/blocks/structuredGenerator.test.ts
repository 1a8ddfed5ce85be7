import assert from 'node:assert/strict';
import { structuredGenerator } from '../../../src/core/blocks/structuredGenerator';
import { BlockExecutionError, LlmError } from '../../../src/core/errors';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
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
    const llm = new ScriptedLlm((r) => (r.responseFormat?.type === 'json_schema' ? new LlmError('bad-request', "response_format 'json_schema' is not supported") : '{"title":"F"}'));
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

  it('does not fall back after a server error, a timeout, a dropped connection or an unrelated 400: the unit fails', async () => {
    const errors = [
      new LlmError('server', 'HTTP 500 (gave up after 4 attempts)', 500),
      new LlmError('timeout', 'timed out'),
      new LlmError('connection', 'the connection was dropped'),
      new LlmError('invalid-response', 'not valid JSON'),
      new LlmError('bad-request', 'max_tokens is too large', 400),
    ];
    for (const error of errors) {
      const llm = new ScriptedLlm(() => error);
      await assert.rejects(runBlock(structuredGenerator, { json_schema: schema }, {}, llm), (e: unknown) => e instanceof Error && e.message.includes(error.message));
      assert.deepEqual(llm.requests.map((r) => r.responseFormat?.type), ['json_schema'], error.kind);
    }
  });

  describe('against the fake server (real HTTP, error mapping and retry policy)', () => {
    let server: FakeOpenAiServer;
    beforeEach(async () => {
      server = await FakeOpenAiServer.start();
    });
    afterEach(() => server.close());
    const client = (maxRetries: number) =>
      new OpenAiLlmClient({
        settings: { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }], defaultModel: 'fake', maxRetries, requestTimeoutMs: 5_000 },
        keys: async () => undefined,
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
      });

    it('a 500 is retried in json_schema; persistent 500s fail the unit without ever asking for json_object', async () => {
      server.failNext('500', 1);
      const recovered = await runBlock(structuredGenerator, { json_schema: schema }, {}, client(2));
      assert.ok('output' in recovered);
      assert.equal(typeof (recovered.output.generated as { title?: unknown }).title, 'string');
      server.failNext('500', 3);
      await assert.rejects(runBlock(structuredGenerator, { json_schema: schema }, {}, client(2)), /HTTP 500.*gave up after 3 attempts/);
      assert.deepEqual(server.counters.responseFormats, ['json_schema', 'json_schema', 'json_schema', 'json_schema', 'json_schema']);
    });

    it('a 400 naming response_format still falls back to json_object', async () => {
      server.options.rejectJsonSchema = true;
      const result = await runBlock(structuredGenerator, { json_schema: schema }, {}, client(2));
      assert.ok('output' in result);
      assert.deepEqual(server.counters.responseFormats, ['json_schema', 'json_object']);
    });
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
