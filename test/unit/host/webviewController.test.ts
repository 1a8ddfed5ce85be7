import assert from 'node:assert/strict';
import { expectInteger, expectObject } from '../../../src/host/messageGuards';
import { WebviewController, type WebviewHooks, type WebviewPanelLike } from '../../../src/host/webviewController';
import type { RpcMethod } from '../../../src/shared/rpc';

type Methods = { add: RpcMethod<{ a: number; b: number }, number> };
type Events = { tick: { n: number } };

/** A stand-in for vscode.WebviewPanel: what the host posts is recorded, the test plays the webview and the workbench. */
class FakePanel implements WebviewPanelLike {
  visible = true;
  posted: unknown[] = [];
  disposeCalls = 0;
  private readonly listeners = { message: new Set<(m: unknown) => unknown>(), viewState: new Set<(e: unknown) => unknown>(), dispose: new Set<(e: void) => unknown>() };
  readonly webview = {
    postMessage: (message: unknown) => {
      this.posted.push(message);
      return Promise.resolve(true);
    },
    onDidReceiveMessage: (l: (m: unknown) => unknown) => this.listen(this.listeners.message, l),
  };
  onDidChangeViewState = (l: (e: unknown) => unknown) => this.listen(this.listeners.viewState, l);
  onDidDispose = (l: (e: void) => unknown) => this.listen(this.listeners.dispose, l);

  get listenerCount(): number {
    return this.listeners.message.size + this.listeners.viewState.size + this.listeners.dispose.size;
  }

  /** The webview posts a message; resolves once the host has answered. */
  async send(message: unknown): Promise<void> {
    for (const l of [...this.listeners.message]) await l(message);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    for (const l of [...this.listeners.viewState]) l({});
  }

  dispose(): void {
    this.disposeCalls++;
    for (const l of [...this.listeners.dispose]) l();
  }

  private listen<T>(set: Set<(e: T) => unknown>, l: (e: T) => unknown) {
    set.add(l);
    return { dispose: () => set.delete(l) };
  }
}

function open(hooks: WebviewHooks = {}) {
  const panel = new FakePanel();
  const calls: string[] = [];
  const invalid: string[] = [];
  const controller = new WebviewController<Methods, Events>(panel, {
    handlers: {
      add: {
        parse: (p) => {
          const o = expectObject(p, 'params');
          return { a: expectInteger(o.a, 'params.a'), b: expectInteger(o.b, 'params.b') };
        },
        handle: ({ a, b }) => a + b,
      },
    },
    load: () => calls.push(`load (${panel.listenerCount} listeners)`),
    onInvalidMessage: (r) => invalid.push(r),
    onReady: () => calls.push('ready'),
    onVisible: () => calls.push('visible'),
    onHidden: () => calls.push('hidden'),
    onDispose: () => calls.push('dispose'),
    ...hooks,
  });
  return { panel, controller, calls, invalid };
}

const tick = (n: number) => ({ kind: 'event', event: 'tick', payload: { n } });

describe('WebviewController', () => {
  it('loads the app once, after it listens to the webview', () => {
    const { calls } = open();
    assert.deepEqual(calls, ['load (3 listeners)']);
  });

  it('holds events until the app says ready, sends them, then tells the owner', async () => {
    const { panel, controller, calls } = open({ onReady: () => controller.emit('tick', { n: 2 }) });
    controller.emit('tick', { n: 1 });
    assert.equal(controller.isReady, false);
    assert.deepEqual(panel.posted, []);
    await panel.send({ kind: 'ready' });
    assert.equal(controller.isReady, true);
    // Held events first: what onReady sends is newer.
    assert.deepEqual(panel.posted, [tick(1), tick(2)]);
    controller.emit('tick', { n: 3 });
    assert.deepEqual(panel.posted.at(-1), tick(3));
    assert.deepEqual(calls, ['load (3 listeners)']);
  });

  it('a hidden panel holds events until its reloaded app says ready again', async () => {
    const { panel, controller, calls } = open();
    await panel.send({ kind: 'ready' });
    calls.length = 0;
    panel.setVisible(false);
    assert.equal(controller.isReady, false);
    controller.emit('tick', { n: 1 });
    assert.deepEqual(panel.posted, []);
    panel.setVisible(true);
    assert.deepEqual(panel.posted, [], 'still held: the new webview has not said ready');
    await panel.send({ kind: 'ready' });
    assert.deepEqual(panel.posted, [tick(1)]);
    assert.deepEqual(calls, ['hidden', 'visible', 'ready']);
  });

  it('a view state change that keeps the panel visible (focus only) is no visibility change', async () => {
    const { panel, controller, calls } = open();
    await panel.send({ kind: 'ready' });
    panel.setVisible(true);
    assert.equal(controller.isReady, true);
    assert.deepEqual(calls, ['load (3 listeners)', 'ready']);
  });

  it('answers the webview’s requests and reports malformed ones', async () => {
    const { panel, invalid } = open();
    await panel.send({ kind: 'request', id: 1, method: 'add', params: { a: 2, b: 3 } });
    await panel.send({ kind: 'request', id: 2, method: 'drop', params: {} });
    assert.deepEqual(panel.posted, [
      { kind: 'reply', id: 1, ok: true, result: 5 },
      { kind: 'reply', id: 2, ok: false, error: { message: 'Invalid request: unknown method "drop"', code: 'invalid-request' } },
    ]);
    assert.deepEqual(invalid, ['unknown method "drop"']);
  });

  it('request() runs a handler in-process with the same checks, posting nothing', async () => {
    const { panel, controller } = open();
    assert.equal(await controller.request('add', { a: 1, b: 41 }), 42);
    await assert.rejects(controller.request('add', { a: 1, b: 'x' } as never), /params\.b must be an integer/);
    assert.deepEqual(panel.posted, []);
  });

  it('closing the panel disposes every listener and tracked disposable, tells the owner once, and drops later events', async () => {
    const { panel, controller, calls } = open();
    await panel.send({ kind: 'ready' });
    let tracked = 0;
    controller.track({ dispose: () => tracked++ });
    panel.dispose();
    assert.equal(controller.isReady, false);
    assert.equal(panel.listenerCount, 0);
    assert.equal(tracked, 1);
    assert.deepEqual(calls, ['load (3 listeners)', 'ready', 'dispose']);
    controller.emit('tick', { n: 1 });
    controller.dispose();
    assert.deepEqual(panel.posted, []);
    assert.deepEqual(calls.filter((c) => c === 'dispose'), ['dispose']);
    controller.track({ dispose: () => tracked++ });
    assert.equal(tracked, 2, 'tracked after disposal: disposed at once');
  });

  it('dispose() closes the panel', () => {
    const { panel, controller, calls } = open();
    controller.dispose();
    assert.equal(panel.disposeCalls, 1);
    assert.equal(panel.listenerCount, 0);
    assert.deepEqual(calls, ['load (3 listeners)', 'dispose']);
  });

  it('a reply to a request that finishes after the panel closed is not posted', async () => {
    let release = () => {};
    const panel = new FakePanel();
    new WebviewController<{ slow: RpcMethod<Record<string, never>, null> }, Events>(panel, {
      handlers: { slow: { parse: () => ({}), handle: () => new Promise<null>((r) => (release = () => r(null))) } },
      load: () => undefined,
    });
    const answered = panel.send({ kind: 'request', id: 1, method: 'slow', params: {} });
    panel.dispose();
    release();
    await answered;
    assert.deepEqual(panel.posted, []);
  });
});
