// HttpTransport against a scripted server on 127.0.0.1, through the openai SDK and errorMapping as the client uses
// it; each failure is also sent through the global fetch, and both must end in the same LlmError.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { OpenAI } from 'openai';
import { LlmError } from '../../../src/core/errors';
import { toLlmError, type RequestContext } from '../../../src/core/llm/errorMapping';
import { HttpTransport, type FetchLike } from '../../../src/core/llm/httpTransport';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/core/llm/llmTypes';
import { OpenAiLlmClient } from '../../../src/core/llm/openAiClient';
import { fetchWithinBudget, ResponseTooLargeError } from '../../../src/core/llm/responseBudget';
import { parseChatCompletion } from '../../../src/core/llm/responseParsing';
import { isLoopbackUrl, isPortFetchRefuses } from '../../../src/core/llm/transportRoutes';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const COMPLETION = JSON.stringify({
  id: 'c1',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'hello' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
});

describe('HttpTransport (node:http for loopback endpoints)', function () {
  this.timeout(15_000);
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let requests: number;
  let transport: HttpTransport;
  let fallbackCalls: string[];

  before(async () => {
    server = createServer((req, res) => {
      requests++;
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requests = 0;
    fallbackCalls = [];
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(COMPLETION);
    transport = new HttpTransport({
      maxResponseBytes: 64 * 1024,
      fallback: (input, init) => {
        fallbackCalls.push(String(input));
        return globalThis.fetch(input, init);
      },
    });
  });

  afterEach(() => transport.close());

  const ctx = (url: string): RequestContext => ({ baseUrl: url, model: 'm', timeoutMs: 300, keySet: true, secrets: [] });

  async function chat(fetch: FetchLike, url = baseUrl, signal = new AbortController().signal): Promise<{ content: string } | LlmError> {
    const client = new OpenAI({ baseURL: url, apiKey: 'k', maxRetries: 0, timeout: 300, fetch });
    try {
      const completion = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { signal });
      return { content: parseChatCompletion(completion, ctx(url)).content };
    } catch (error) {
      return toLlmError(error, ctx(url), signal);
    }
  }

  /** The same request over the transport and over the global fetch: the same LlmError kind and message. */
  async function sameFailure(url = baseUrl): Promise<LlmError> {
    const direct = await chat(transport.fetch, url);
    const global = await chat(globalThis.fetch, url);
    assert.ok(direct instanceof LlmError, `expected a failure, got ${JSON.stringify(direct)}`);
    assert.ok(global instanceof LlmError);
    assert.equal(direct.kind, global.kind);
    assert.equal(direct.message, global.message);
    assert.equal(direct.retryAfterMs, global.retryAfterMs);
    assert.deepEqual(fallbackCalls, [], 'the loopback request went the direct way');
    return direct;
  }

  it('sends the SDK request and hands back the answer, reusing one keep-alive socket', async () => {
    const sockets = new Set<unknown>();
    let seen: { method?: string; auth?: string; type?: string; body: string } | undefined;
    handler = (req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen = { method: req.method, auth: req.headers.authorization, type: req.headers['content-type'], body };
        res.writeHead(200, { 'content-type': 'application/json' }).end(COMPLETION);
      });
    };
    for (let i = 0; i < 3; i++) assert.deepEqual(await chat(transport.fetch), { content: 'hello' });
    assert.equal(seen?.method, 'POST');
    assert.equal(seen?.auth, 'Bearer k');
    assert.equal(seen?.type, 'application/json');
    assert.equal((JSON.parse(seen?.body ?? '{}') as { model?: string }).model, 'm');
    assert.equal(sockets.size, 1);
    assert.deepEqual(fallbackCalls, []);
  });

  it('a 429 with retry-after: rate-limit, the same wait the global fetch reads', async () => {
    handler = (_req, res) => res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"error":{"message":"slow down"}}');
    const error = await sameFailure();
    assert.equal(error.kind, 'rate-limit');
    assert.equal(error.retryAfterMs, 7000);
    assert.match(error.message, /HTTP 429, the server asks to wait 7 s\): slow down/);
  });

  it('a 500: a server error with the server words, as over the global fetch', async () => {
    handler = (_req, res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"boom"}}');
    const error = await sameFailure();
    assert.equal(error.kind, 'server');
    assert.match(error.message, /failed with HTTP 500: boom/);
  });

  it('slow headers: the SDK timeout ends the request as a timeout', async () => {
    handler = () => undefined;
    const error = await sameFailure();
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /timed out after 0\.3 s/);
  });

  it('a body that stops coming: the timeout covers the body too', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(COMPLETION.length) });
      res.write(COMPLETION.slice(0, 20));
    };
    const error = await chat(transport.fetch);
    assert.ok(error instanceof LlmError);
    assert.equal(error.kind, 'timeout');
  });

  it('a connection dropped mid-body: a dropped connection, as over the global fetch', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(COMPLETION.length) });
      res.write(COMPLETION.slice(0, 20), () => setTimeout(() => res.socket?.destroy(), 20));
    };
    const error = await sameFailure();
    assert.equal(error.kind, 'connection');
    assert.match(error.message, /connection was dropped before the response was complete/);
  });

  it('abort mid-response: the request is destroyed at once and the call is cancelled', async () => {
    let closed = false;
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(COMPLETION.slice(0, 20));
      req.socket.on('close', () => (closed = true));
    };
    const controller = new AbortController();
    const pending = chat(transport.fetch, baseUrl, controller.signal);
    while (requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort();
    const error = await pending;
    assert.ok(error instanceof LlmError);
    assert.equal(error.kind, 'aborted');
    while (!closed) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('a refused port: connection refused, the same message', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await sameFailure(`http://127.0.0.1:${port}/v1`);
    assert.equal(error.kind, 'connection');
    assert.match(error.message, /connection refused\. Is the server running\?/);
  });

  it('https against a plain-HTTP port: the TLS failure maps the same way', async () => {
    const error = await sameFailure(baseUrl.replace('http:', 'https:'));
    assert.equal(error.kind, 'connection');
  });

  it('a self-signed certificate: the certificate problem is named, as over the global fetch', async () => {
    const tls = createTlsServer(
      { cert: readFileSync('test/fixtures/tls/localhost-cert.pem'), key: readFileSync('test/fixtures/tls/localhost-key.pem') },
      (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(COMPLETION),
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    try {
      const error = await sameFailure(`https://127.0.0.1:${(tls.address() as AddressInfo).port}/v1`);
      assert.equal(error.kind, 'connection');
      assert.match(error.message, /TLS certificate problem \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/);
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  it('an oversized body fails the request with a clear message; declared or not', async () => {
    const big = JSON.stringify({ pad: 'x'.repeat(100 * 1024) });
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big);
    const declared = await chat(transport.fetch);
    assert.ok(declared instanceof LlmError);
    assert.equal(declared.kind, 'invalid-response');
    assert.match(declared.message, /^http:\/\/127\.0\.0\.1:\d+\/v1 \(model m\) sent a response larger than 65536 bytes; the request failed rather than hold it in memory\./);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 10; i++) res.write('x'.repeat(16 * 1024));
      res.end();
    };
    const streamed = await chat(transport.fetch);
    assert.ok(streamed instanceof LlmError);
    assert.equal(streamed.kind, 'invalid-response');
    assert.match(streamed.message, /larger than/);
  });

  it('the global fetch way holds the same budget: a remote endpoint sending too much fails too', async () => {
    const url = `${baseUrl}/chat/completions`;
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(1000));
    await assert.rejects(fetchWithinBudget(globalThis.fetch, url, { method: 'POST' }, 999), ResponseTooLargeError);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      res.end('x'.repeat(1000));
    };
    await assert.rejects(fetchWithinBudget(globalThis.fetch, url, { method: 'POST' }, 999), ResponseTooLargeError);
    const within = await fetchWithinBudget(globalThis.fetch, url, { method: 'POST' }, 1000);
    assert.equal(within.status, 200);
    assert.equal((await within.text()).length, 1000);
  });

  it('a gzip body a server sends unasked is decoded, and its decoded size is held to the budget', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(COMPLETION));
    assert.deepEqual(await chat(transport.fetch), { content: 'hello' });
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync('x'.repeat(200 * 1024)));
    const bomb = await chat(transport.fetch);
    assert.ok(bomb instanceof LlmError);
    assert.match(bomb.message, /larger than/);
  });

  it('a redirect is left to the global fetch, which follows it as before', async () => {
    handler = (req, res) => {
      if (req.url?.startsWith('/v1/')) res.writeHead(307, { location: req.url.replace('/v1/', '/v2/') }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(COMPLETION);
    };
    assert.deepEqual(await chat(transport.fetch), { content: 'hello' });
    assert.equal(fallbackCalls.length, 1);
  });

  it('OpenAiLlmClient sends to a loopback endpoint over the transport by default, never the global fetch', async () => {
    const original = globalThis.fetch;
    let globalCalls = 0;
    globalThis.fetch = (input, init) => {
      globalCalls++;
      return original(input, init);
    };
    try {
      const settings = { ...DEFAULT_MODEL_SETTINGS, models: [{ name: 'local', baseUrl, model: 'm' }] };
      const llm = new OpenAiLlmClient({ settings, keys: async () => undefined });
      const answer = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal);
      assert.equal(answer.content, 'hello');
      assert.equal(requests, 1);
      assert.equal(globalCalls, 0);
    } finally {
      globalThis.fetch = original;
    }
  });

  it('remote hosts and ports the global fetch refuses take the global fetch', async () => {
    const refused = await chat(transport.fetch, 'http://127.0.0.1:6000/v1');
    assert.ok(refused instanceof LlmError);
    assert.match(refused.message, /unsafe ports/);
    assert.deepEqual(fallbackCalls, ['http://127.0.0.1:6000/v1/chat/completions']);
    assert.equal(isLoopbackUrl(new URL('http://localhost:11434/v1')), true);
    assert.equal(isLoopbackUrl(new URL('http://127.1.2.3/v1')), true);
    assert.equal(isLoopbackUrl(new URL('http://[::1]:8000/v1')), true);
    assert.equal(isLoopbackUrl(new URL('https://api.openai.com/v1')), false);
    assert.equal(isLoopbackUrl(new URL('http://192.168.1.5:8000/v1')), false);
    assert.equal(isPortFetchRefuses(new URL('http://localhost:6000/')), true);
    assert.equal(isPortFetchRefuses(new URL('http://localhost:8000/')), false);
  });
});
