// The client end to end against the in-process fake server: real HTTP through the openai SDK.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { LlmError, ModelConfigError, type LlmErrorKind } from '../../../src/core/errors';
import { LimiterRegistry } from '../../../src/core/llm/adaptiveLimiter';
import { DEFAULT_MODEL_SETTINGS, type ModelConfig, type ModelSettings, type ResponseFormat } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient, type LlmClientEvent, type OpenAiLlmClientOptions } from '../../../src/core/llm/openAiClient';
import { FakeOpenAiServer, type FakeServerOptions } from '../../fixtures/fakeOpenAiServer';
import { ITEM_SCHEMA, USER, waitFor } from '../../fixtures/fakeServerTestKit';

const KEY = 'sk-test-0123456789';

function llmError(kind: LlmErrorKind, check?: (error: LlmError) => void): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.ok(error instanceof LlmError, `expected LlmError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    check?.(error);
    return true;
  };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  assert.ok(address !== null && typeof address === 'object');
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return address.port;
}

describe('OpenAiLlmClient (against the fake server)', function () {
  this.timeout(15_000);
  let server: FakeOpenAiServer;
  let events: LlmClientEvent[];
  const signal = (): AbortSignal => new AbortController().signal;

  function model(overrides: Partial<ModelConfig> = {}): ModelConfig {
    return { name: 'fake', baseUrl: server.baseUrl, model: 'fake-model', ...overrides };
  }

  function client(overrides: Partial<ModelSettings> = {}, options: Partial<OpenAiLlmClientOptions> = {}): OpenAiLlmClient {
    const settings: ModelSettings = {
      ...DEFAULT_MODEL_SETTINGS,
      models: [model()],
      embeddingModels: [model({ name: 'embed', model: 'fake-embed' })],
      requestTimeoutMs: 5_000,
      maxRetries: 3,
      ...overrides,
    };
    return new OpenAiLlmClient({
      settings,
      keys: async () => KEY,
      retry: { baseDelayMs: 2, maxDelayMs: 10 },
      onEvent: (event) => events.push(event),
      ...options,
    });
  }

  async function start(options: FakeServerOptions = {}): Promise<void> {
    server = await FakeOpenAiServer.start(options);
  }

  beforeEach(async () => {
    events = [];
    await start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('chats: sends messages, temperature and max_tokens; returns content, usage and the config name', async () => {
    const answer = await client().chat({ messages: [{ role: 'system', content: 'be brief' }, USER], temperature: 0.2, maxTokens: 50 }, signal());
    assert.equal(answer.content, 'Echo: tell me a joke');
    assert.equal(answer.model, 'fake');
    // The fake counts whitespace-separated words: "be brief" + "tell me a joke" in, "Echo: tell me a joke" out.
    assert.deepEqual(answer.usage, { input_tokens: 6, output_tokens: 5, cached_tokens: 0 });
    const sent = server.counters.lastChat;
    assert.ok(sent);
    assert.equal(sent.model, 'fake-model');
    assert.deepEqual(sent.messages, [{ role: 'system', content: 'be brief' }, USER]);
    assert.equal(sent.temperature, 0.2);
    assert.equal(sent.max_tokens, 50);
    assert.deepEqual(server.counters.responseFormats, ['text']);
  });

  it('sends json_schema and json_object response formats exactly as given', async () => {
    const schema: ResponseFormat = { type: 'json_schema', json_schema: { name: 'item', schema: ITEM_SCHEMA, strict: true } };
    const structured = await client().chat({ messages: [USER], responseFormat: schema }, signal());
    assert.deepEqual(server.counters.lastChat?.response_format, schema);
    const parsed: unknown = JSON.parse(structured.content);
    assert.ok(typeof parsed === 'object' && parsed !== null && 'label' in parsed);
    const object = await client().chat({ messages: [USER], responseFormat: { type: 'json_object' } }, signal());
    assert.deepEqual(server.counters.lastChat?.response_format, { type: 'json_object' });
    assert.deepEqual(JSON.parse(object.content), { answer: 'tell me a joke' });
    assert.deepEqual(server.counters.responseFormats, ['json_schema', 'json_object']);
  });

  it('embeds: vectors in input order, usage, config name', async () => {
    await server.close();
    await start({ embeddingDims: 4 });
    const result = await client().embed({ input: ['one two', 'three'] }, signal());
    assert.equal(result.model, 'embed');
    assert.equal(result.vectors.length, 2);
    assert.ok(result.vectors.every((vector) => vector.length === 4 && vector.every((v) => typeof v === 'number')));
    assert.notDeepEqual(result.vectors[0], result.vectors[1]);
    assert.deepEqual(result.usage, { input_tokens: 3, output_tokens: 0, cached_tokens: 0 });
    assert.equal(server.counters.embeddings, 1);
  });

  it('an embeddings answer with missing vectors → invalid-response, retried', async () => {
    server.failNext('empty', 2);
    await assert.rejects(client({ maxRetries: 1 }).embed({ input: ['a'] }, signal()), llmError('invalid-response', (e) => assert.match(e.message, /0 embeddings for 1 inputs/)));
    assert.equal(server.counters.embeddings, 2);
  });

  it('sends the API key as a Bearer token', async () => {
    await server.close();
    await start({ apiKey: KEY });
    await client().chat({ messages: [USER] }, signal());
    assert.deepEqual(server.counters.authHeaders, [`Bearer ${KEY}`]);
  });

  it('sends the key in force at each request: a changed or removed key is used from the next request on', async () => {
    let key: string | undefined = KEY;
    const llm = client({}, { keys: async () => key });
    await llm.chat({ messages: [USER] }, signal());
    await llm.chat({ messages: [USER] }, signal());
    key = 'sk-rotated-9876543210';
    await llm.chat({ messages: [USER] }, signal());
    key = undefined;
    await llm.chat({ messages: [USER] }, signal());
    key = KEY;
    await llm.chat({ messages: [USER] }, signal());
    assert.deepEqual(server.counters.authHeaders, [`Bearer ${KEY}`, `Bearer ${KEY}`, 'Bearer sk-rotated-9876543210', `Bearer ${KEY}`]);
  });

  it('sends no Authorization header when no key is set (local servers need none)', async () => {
    const answer = await client({}, { keys: async () => undefined }).chat({ messages: [USER] }, signal());
    assert.equal(answer.content, 'Echo: tell me a joke');
    assert.deepEqual(server.counters.authHeaders, []);
    await client({}, { keys: async () => '  ' }).chat({ messages: [USER] }, signal());
    assert.deepEqual(server.counters.authHeaders, [], 'a blank key counts as none');
  });

  it('401 → auth, not retried, and the message never contains the key', async () => {
    await server.close();
    await start({ apiKey: 'the-right-key' });
    await assert.rejects(
      client().chat({ messages: [USER] }, signal()),
      llmError('auth', (e) => {
        assert.equal(e.status, 401);
        assert.ok(!e.message.includes(KEY));
        assert.match(e.message, /Authentication failed at http:\/\/127\.0\.0\.1:\d+\/v1 \(model fake-model\).*Set API Key/);
      }),
    );
    assert.equal(server.counters.chat, 1);
    await assert.rejects(client({}, { keys: async () => undefined }).chat({ messages: [USER] }, signal()), llmError('auth', (e) => assert.match(e.message, /No API key is set for model 'fake'/)));
  });

  it('an unknown model → not-found naming it, not retried', async () => {
    server.options.models = ['fake-model'];
    await assert.rejects(
      client({ models: [model({ model: 'no-such-model' })] }).chat({ messages: [USER] }, signal()),
      llmError('not-found', (e) => {
        assert.equal(e.status, 404);
        assert.match(e.message, /^Model 'no-such-model' is unknown to http:\/\/127\.0\.0\.1:\d+\/v1/);
      }),
    );
    assert.equal(server.counters.chat, 1);
  });

  it('a model name missing from settings → ModelConfigError before any request', async () => {
    await assert.rejects(client().chat({ model: 'nope', messages: [USER] }, signal()), ModelConfigError);
    assert.equal(server.counters.requests, 0);
  });

  it('500 twice, then success', async () => {
    server.failNext('500', 2);
    const answer = await client().chat({ messages: [USER] }, signal());
    assert.equal(answer.content, 'Echo: tell me a joke');
    assert.equal(server.counters.byStatus[500], 2);
    assert.equal(server.counters.chat, 3);
    assert.deepEqual(events.map((e) => (e.type === 'retry' ? e.kind : e.type)), ['server', 'server']);
  });

  it('503 every time → server error after maxRetries, with the attempt count', async () => {
    server.failNext('503', 5);
    await assert.rejects(client({ maxRetries: 2 }).chat({ messages: [USER] }, signal()), llmError('server', (e) => assert.match(e.message, /HTTP 503.*gave up after 3 attempts/)));
    assert.equal(server.counters.chat, 3);
  });

  it('a dropped connection is retried, then succeeds', async () => {
    server.failNext('drop');
    const answer = await client().chat({ messages: [USER] }, signal());
    assert.equal(answer.content, 'Echo: tell me a joke');
    assert.equal(server.counters.chat, 2);
    assert.equal(events.length, 1);
    assert.ok(events[0].type === 'retry' && events[0].kind === 'connection', JSON.stringify(events[0]));
  });

  it('a malformed body → invalid-response, retried, then success', async () => {
    server.failNext('malformed');
    const answer = await client().chat({ messages: [USER] }, signal());
    assert.equal(answer.content, 'Echo: tell me a joke');
    assert.equal(server.counters.chat, 2);
    assert.ok(events[0].type === 'retry' && events[0].kind === 'invalid-response');
  });

  it('an empty answer is an empty string, not an error', async () => {
    server.failNext('empty');
    const answer = await client().chat({ messages: [USER] }, signal());
    assert.equal(answer.content, '');
    assert.equal(answer.usage.output_tokens, 0);
  });

  it('a hanging server → timeout after the retries', async () => {
    server.failNext('hang', 2);
    const started = Date.now();
    await assert.rejects(
      client({ requestTimeoutMs: 150, maxRetries: 1 }).chat({ messages: [USER] }, signal()),
      llmError('timeout', (e) => assert.match(e.message, /timed out after 0\.1[5-9]? s.*gave up after 2 attempts/)),
    );
    assert.ok(Date.now() - started >= 290, 'two full timeouts');
    assert.equal(server.counters.chat, 2);
  });

  it('honours a 429: waits its Retry-After, then retries (the server saw both requests)', async () => {
    server.options.retryAfterSeconds = 0.05;
    server.failNext('429');
    const sleeps: number[] = [];
    const answer = await client({}, { sleep: async (ms) => void sleeps.push(ms), retry: { maxDelayMs: 1000 } }).chat({ messages: [USER] }, signal());
    assert.equal(answer.content, 'Echo: tell me a joke');
    assert.equal(server.counters.rejected429, 1);
    assert.equal(server.counters.chat, 2);
    assert.deepEqual(sleeps, [50], 'retry-after-ms: 50');
    assert.equal(events.length, 1);
    assert.ok(events[0].type === 'rate-limit' && events[0].limitCut && events[0].delayMs === 50);
  });

  it('an abort mid-request → aborted LlmError, and the server sees the disconnect', async () => {
    server.failNext('hang');
    const controller = new AbortController();
    const pending = client().chat({ messages: [USER] }, controller.signal);
    await waitFor(() => server.inFlight() === 1, 'the request to reach the server');
    controller.abort();
    await assert.rejects(pending, llmError('aborted', (e) => assert.match(e.message, /cancelled/)));
    await waitFor(() => server.counters.aborted === 1, 'the server to see the abort');
    assert.equal(server.counters.chat, 1, 'not retried');
  });

  it('a refused connection → connection error naming the endpoint, after retries', async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    await assert.rejects(
      client({ models: [model({ baseUrl, model: 'llama3' })], maxRetries: 1 }).chat({ messages: [USER] }, signal()),
      llmError('connection', (e) =>
        assert.equal(e.message, `Cannot reach ${baseUrl} (model llama3): connection refused. Is the server running? (gave up after 2 attempts)`),
      ),
    );
  });

  it('keeps zero failures when the server caps concurrency below the client limit', async () => {
    await server.close();
    await start({ maxConcurrent: 4, latencyMs: 15, retryAfterSeconds: 0.02 });
    const limiters = new LimiterRegistry();
    const llm = client({ concurrency: 12 }, { limiters });
    const results = await Promise.allSettled(Array.from({ length: 120 }, (_, i) => llm.chat({ messages: [{ role: 'user', content: `n${i}` }] }, signal())));
    const failed = results.filter((r) => r.status === 'rejected');
    assert.deepEqual(failed, []);
    assert.ok(server.counters.rejected429 > 0, 'the cap was hit, so the 429 path ran');
    assert.equal(server.counters.chat, 120 + server.counters.rejected429);
    const limiter = limiters.get(server.baseUrl, 'fake-model', 12);
    assert.ok(limiter.limit < 12, `the limit adapted (now ${limiter.limit})`);
    assert.ok(limiter.ceiling !== undefined && limiter.ceiling < 12, `it learned a ceiling (${limiter.ceiling})`);
  });

  it('testConnection: ok with latency, or the LlmError', async () => {
    const ok = await client().testConnection(undefined, signal());
    assert.ok(ok.ok);
    assert.equal(ok.model, 'fake');
    assert.ok(ok.latencyMs >= 0);
    assert.deepEqual(server.counters.lastChat?.messages, [{ role: 'user', content: 'Say hello' }]);
    assert.equal(server.counters.lastChat?.max_tokens, 5);
    server.failNext('500');
    const failed = await client().testConnection('fake', signal());
    assert.ok(!failed.ok);
    assert.equal(failed.error.kind, 'server');
    assert.equal(server.counters.chat, 2, 'no retry: the user wants the first failure');
  });

  it('costOf prices input and output per 1k tokens, undefined without prices', () => {
    const usage = { input_tokens: 2000, output_tokens: 500, cached_tokens: 100 };
    assert.equal(OpenAiLlmClient.costOf(usage, { pricePer1kInput: 0.5, pricePer1kOutput: 2 }), 2);
    assert.equal(OpenAiLlmClient.costOf(usage, { pricePer1kOutput: 2 }), 1);
    assert.equal(OpenAiLlmClient.costOf(usage, {}), undefined);
  });
});
