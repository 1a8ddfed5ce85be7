import assert from 'node:assert/strict';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import { LlmError } from '../../../src/core/errors';
import { abortedError, invalidResponse, redact, toLlmError, type RequestContext } from '../../../src/core/llm/errorMapping';
import { parseRetryAfter } from '../../../src/core/llm/retryAfter';

const ctx: RequestContext = { baseUrl: 'http://127.0.0.1:1234/v1', model: 'llama3', configName: 'local', timeoutMs: 120_000, keySet: true };

// What the SDK builds from an HTTP error response: `APIError.generate` picks the subclass from the status.
function httpError(status: number, body: unknown, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, body as object, undefined, new Headers(headers));
}

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('errorMapping', () => {
  describe('parseRetryAfter', () => {
    const headers = (values: Record<string, string>) => new Headers(values);

    it('reads retry-after-ms first', () => {
      assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '1500', 'retry-after': '9' })), 1500);
    });

    it('reads retry-after in (fractional) seconds', () => {
      assert.equal(parseRetryAfter(headers({ 'retry-after': '2' })), 2000);
      assert.equal(parseRetryAfter(headers({ 'retry-after': '0.25' })), 250);
    });

    it('reads retry-after as an HTTP-date, relative to now', () => {
      const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
      assert.equal(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' }), now), 30_000);
      assert.equal(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2015 07:27:00 GMT' }), now), 0);
    });

    it('returns undefined when absent or unreadable', () => {
      assert.equal(parseRetryAfter(undefined), undefined);
      assert.equal(parseRetryAfter(headers({})), undefined);
      assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' })), undefined);
      assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '-5' })), undefined);
    });
  });

  describe('toLlmError', () => {
    it('429 → rate-limit with Retry-After in each of its forms', () => {
      const body = { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } };
      const ms = toLlmError(httpError(429, body, { 'retry-after-ms': '750' }), ctx);
      assert.equal(ms.kind, 'rate-limit');
      assert.equal(ms.status, 429);
      assert.equal(ms.retryAfterMs, 750);
      assert.equal(toLlmError(httpError(429, body, { 'retry-after': '3' }), ctx).retryAfterMs, 3000);
      const inFiveSeconds = new Date(Date.now() + 5000).toUTCString();
      const dated = toLlmError(httpError(429, body, { 'retry-after': inFiveSeconds }), ctx).retryAfterMs;
      assert.ok(dated !== undefined && dated > 3000 && dated <= 5000, `got ${dated}`);
      const none = toLlmError(httpError(429, body), ctx);
      assert.equal(none.retryAfterMs, undefined);
      assert.match(ms.message, /Rate limited by http:\/\/127\.0\.0\.1:1234\/v1 \(model llama3\).*datagenflow\.concurrency/);
    });

    for (const status of [401, 403]) {
      it(`${status} → auth, pointing at the API key command`, () => {
        const error = toLlmError(httpError(status, { error: { message: 'Incorrect API key provided' } }), ctx);
        assert.equal(error.kind, 'auth');
        assert.equal(error.status, status);
        assert.match(error.message, /Authentication failed at http:\/\/127\.0\.0\.1:1234\/v1 \(model llama3\)/);
        assert.match(error.message, /Incorrect API key provided\. Check the API key of model 'local'/);
      });
    }

    it('401 without a key says that no key is set', () => {
      const error = toLlmError(httpError(401, { error: { message: 'Missing bearer token' } }), { ...ctx, keySet: false });
      assert.match(error.message, /No API key is set for model 'local'.*Set API Key/);
    });

    it('404 that says the model does not exist → not-found naming the model', () => {
      const error = toLlmError(httpError(404, { error: { message: 'The model `llama3` does not exist', code: 'model_not_found' } }), ctx);
      assert.equal(error.kind, 'not-found');
      assert.match(error.message, /^Model 'llama3' is unknown to http:\/\/127\.0\.0\.1:1234\/v1/);
      const ollama = toLlmError(httpError(404, { error: { message: 'model "llama3" not found, try pulling it first' } }), ctx);
      assert.match(ollama.message, /^Model 'llama3' is unknown/);
    });

    it('404 for anything else → not-found pointing at the baseUrl', () => {
      const error = toLlmError(httpError(404, { error: { message: 'Unknown request URL: POST /chat/completions' } }), ctx);
      assert.equal(error.kind, 'not-found');
      assert.match(error.message, /Not found at .*Check the baseUrl/);
    });

    for (const status of [400, 422]) {
      it(`${status} → bad-request with the server's words`, () => {
        const error = toLlmError(httpError(status, { error: { message: "Invalid parameter: 'response_format'" } }), ctx);
        assert.equal(error.kind, 'bad-request');
        assert.equal(error.status, status);
        assert.match(error.message, /rejected the request \(HTTP \d+\): Invalid parameter: 'response_format'\. Check/);
      });
    }

    for (const status of [500, 502, 503]) {
      it(`${status} → server`, () => {
        const error = toLlmError(httpError(status, { error: { message: 'overloaded' } }, { 'retry-after': '2' }), ctx);
        assert.equal(error.kind, 'server');
        assert.equal(error.status, status);
        assert.equal(error.retryAfterMs, 2000);
        assert.equal(error.message, `http://127.0.0.1:1234/v1 (model llama3) failed with HTTP ${status}: overloaded.`);
      });
    }

    it('a status with a plain-text body keeps the text', () => {
      const error = toLlmError(APIError.generate(502, undefined, 'Bad Gateway from nginx', new Headers()), ctx);
      assert.equal(error.kind, 'server');
      assert.match(error.message, /HTTP 502: Bad Gateway from nginx\.$/);
    });

    it('timeout → timeout, with the configured time and setting', () => {
      const error = toLlmError(new APIConnectionTimeoutError(), ctx);
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /timed out after 120 s\. Raise datagenflow\.requestTimeoutSeconds/);
    });

    it('connection refused → connection, asking whether the server runs', () => {
      const cause = Object.assign(new TypeError('fetch failed'), { cause: withCode('connect ECONNREFUSED 127.0.0.1:1234', 'ECONNREFUSED') });
      const error = toLlmError(new APIConnectionError({ cause }), ctx);
      assert.equal(error.kind, 'connection');
      assert.equal(error.message, 'Cannot reach http://127.0.0.1:1234/v1 (model llama3): connection refused. Is the server running?');
    });

    it('reset or dropped sockets → connection', () => {
      const reset = toLlmError(new APIConnectionError({ cause: withCode('read ECONNRESET', 'ECONNRESET') }), ctx);
      assert.equal(reset.kind, 'connection');
      assert.match(reset.message, /dropped/);
      // Undici reports a socket closed while the body is read as TypeError('terminated'), not via the SDK.
      const terminated = new TypeError('terminated', { cause: withCode('other side closed', 'UND_ERR_SOCKET') });
      assert.equal(toLlmError(terminated, ctx).kind, 'connection');
    });

    it('unknown host → connection with a baseUrl hint', () => {
      const error = toLlmError(new APIConnectionError({ cause: withCode('getaddrinfo ENOTFOUND nohost', 'ENOTFOUND') }), ctx);
      assert.match(error.message, /host not found\. Check the baseUrl/);
    });

    it('abort → aborted, whether the SDK or the signal says so', () => {
      assert.equal(toLlmError(new APIUserAbortError(), ctx).kind, 'aborted');
      const controller = new AbortController();
      controller.abort();
      assert.equal(toLlmError(new APIConnectionError({ message: 'x' }), ctx, controller.signal).kind, 'aborted');
      assert.equal(abortedError(ctx).kind, 'aborted');
    });

    it('an AbortError with a live caller signal is a deadline, not a cancellation', () => {
      const abortError = new DOMException('This operation was aborted', 'AbortError');
      assert.equal(toLlmError(abortError, ctx, new AbortController().signal).kind, 'timeout');
    });

    it('a non-JSON 200 body → invalid-response', () => {
      const error = toLlmError(new SyntaxError('Unexpected end of JSON input'), ctx);
      assert.equal(error.kind, 'invalid-response');
      assert.match(error.message, /not valid JSON.*OpenAI-compatible/);
      assert.equal(invalidResponse(ctx, 'a completion without choices').kind, 'invalid-response');
    });

    it('other failures → invalid-response that keeps the cause', () => {
      const cause = new OpenAIError('Could not parse response content as the length limit was reached');
      const error = toLlmError(cause, ctx);
      assert.equal(error.kind, 'invalid-response');
      assert.equal(error.cause, cause);
    });

    it('passes an LlmError through unchanged', () => {
      const original = new LlmError('server', 'x', 500);
      assert.equal(toLlmError(original, ctx), original);
    });

    it('never repeats the API key, even when the server echoes it', () => {
      const key = 'sk-live-0123456789abcdef';
      const error = toLlmError(httpError(401, { error: { message: `Incorrect API key provided: ${key}` } }), { ...ctx, secrets: [key] });
      assert.ok(!error.message.includes(key), error.message);
      assert.match(error.message, /Incorrect API key provided: \*\*\*/);
      assert.equal(redact('short ab', ['ab']), 'short ab', 'very short strings are not treated as secrets');
    });
  });
});
