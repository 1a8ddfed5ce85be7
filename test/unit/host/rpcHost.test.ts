import assert from 'node:assert/strict';
import { expectInteger, expectObject } from '../../../src/host/messageGuards';
import { RpcHost } from '../../../src/host/rpcHost';
import { contentSecurityPolicy, renderWebviewHtml } from '../../../src/host/webviewHtml';
import type { HostToWebview, RpcMethod } from '../../../src/shared/rpc';

type Methods = { add: RpcMethod<{ a: number; b: number }, number>; fail: RpcMethod<Record<string, never>, void> };
type Events = { tick: { n: number } };

function makeHost(invalid: string[] = []) {
  const sent: HostToWebview<Events>[] = [];
  const host = new RpcHost<Methods, Events>(
    (m) => void sent.push(m),
    {
      add: {
        parse: (p) => {
          const o = expectObject(p, 'params');
          return { a: expectInteger(o.a, 'params.a'), b: expectInteger(o.b, 'params.b') };
        },
        handle: ({ a, b }) => a + b,
      },
      fail: { parse: () => ({}), handle: () => Promise.reject(new Error('disk full')) },
    },
    { onInvalidMessage: (r) => invalid.push(r) },
  );
  return { host, sent };
}

describe('RpcHost', () => {
  it('holds events until the webview says ready, then sends them in order', async () => {
    const { host, sent } = makeHost();
    host.emit('tick', { n: 1 });
    host.emit('tick', { n: 2 });
    assert.equal(sent.length, 0);
    await host.receive({ kind: 'ready' });
    assert.deepEqual(sent, [
      { kind: 'event', event: 'tick', payload: { n: 1 } },
      { kind: 'event', event: 'tick', payload: { n: 2 } },
    ]);
    host.resetReady();
    host.emit('tick', { n: 3 });
    assert.equal(sent.length, 2);
  });

  it('answers a request with its result and a failing handler with its error', async () => {
    const { host, sent } = makeHost();
    await host.receive({ kind: 'request', id: 7, method: 'add', params: { a: 2, b: 3 } });
    await host.receive({ kind: 'request', id: 8, method: 'fail', params: {} });
    assert.deepEqual(sent, [
      { kind: 'reply', id: 7, ok: true, result: 5 },
      { kind: 'reply', id: 8, ok: false, error: { message: 'disk full' } },
    ]);
  });

  it('refuses malformed requests with a reason, and drops messages it cannot answer', async () => {
    const invalid: string[] = [];
    const { host, sent } = makeHost(invalid);
    await host.receive({ kind: 'request', id: 1, method: 'add', params: { a: 'x', b: 3 } });
    await host.receive({ kind: 'request', id: 2, method: 'constructor', params: {} });
    await host.receive({ kind: 'request', id: -1, method: 'add', params: {} });
    await host.receive('hello');
    await host.receive({ kind: 'surprise' });
    assert.deepEqual(sent, [
      { kind: 'reply', id: 1, ok: false, error: { message: 'Invalid request: params.a must be an integer ≥ -9007199254740991', code: 'invalid-request' } },
      { kind: 'reply', id: 2, ok: false, error: { message: 'Invalid request: unknown method "constructor"', code: 'invalid-request' } },
    ]);
    assert.equal(invalid.length, 5);
  });
});

describe('renderWebviewHtml', () => {
  it('allows scripts only with the nonce and resources only from the webview source', () => {
    const html = renderWebviewHtml({ title: 'T <x>', cspSource: 'vscode-resource:', scriptUri: 'vscode-resource:/a.js', styleUris: ['vscode-resource:/a.css'], boot: { s: '</script>' }, nonce: 'abc' });
    assert.ok(html.includes(`content="${contentSecurityPolicy('vscode-resource:', 'abc')}"`));
    assert.match(contentSecurityPolicy('src:', 'n'), /default-src 'none'; script-src 'nonce-n'; style-src src: 'nonce-n'; font-src src:/);
    assert.ok(!contentSecurityPolicy('src:', 'n').includes('unsafe'));
    assert.ok(html.includes('<script nonce="abc" src="vscode-resource:/a.js"></script>'));
    assert.ok(!html.includes('</script>"'), 'boot JSON cannot close its script element');
    assert.ok(html.includes('\\u003c/script\\u003e'));
    assert.ok(html.includes('<title>T &lt;x&gt;</title>'));
  });
});
