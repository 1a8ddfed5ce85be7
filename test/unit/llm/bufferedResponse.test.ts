import assert from 'node:assert/strict';
import { BufferedHeaders, BufferedResponse } from '../../../src/core/llm/bufferedResponse';

describe('BufferedResponse (what the SDK reads of a response, without web streams)', () => {
  const headers = new BufferedHeaders(['Content-Type', 'application/json', 'X-Request-Id', 'req_1', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2']);

  it('reads headers case-insensitively, joins repeats, and iterates sorted like fetch', () => {
    assert.equal(headers.get('content-type'), 'application/json');
    assert.equal(headers.get('X-REQUEST-ID'), 'req_1');
    assert.equal(headers.get('retry-after'), null);
    assert.equal(headers.has('Set-Cookie'), true);
    assert.deepEqual([...headers], [
      ['content-type', 'application/json'],
      ['set-cookie', 'a=1, b=2'],
      ['x-request-id', 'req_1'],
    ]);
    assert.deepEqual([...headers.keys()], ['content-type', 'set-cookie', 'x-request-id']);
  });

  it('status, ok and a body read once as text, JSON or bytes', async () => {
    const ok = new BufferedResponse(Buffer.from('{"a":1}'), 200, 'OK', headers, 'http://127.0.0.1/v1/chat/completions');
    assert.equal(ok.ok, true);
    assert.equal(ok.body, null);
    assert.deepEqual(await ok.clone().json(), { a: 1 });
    assert.equal(await ok.text(), '{"a":1}');
    assert.equal(ok.bodyUsed, true);
    await assert.rejects(ok.text(), /already been read/);
    const failed = new BufferedResponse(Buffer.from('busy'), 429, 'Too Many Requests', headers, 'http://127.0.0.1/');
    assert.equal(failed.ok, false);
    assert.equal(Buffer.from(await failed.arrayBuffer()).toString(), 'busy');
    assert.equal(await new BufferedResponse(null, 204, 'No Content', headers, 'http://127.0.0.1/').text(), '');
  });
});
