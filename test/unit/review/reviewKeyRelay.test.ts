import assert from 'node:assert/strict';
import { ReviewService } from '../../../src/core/review/reviewService';
import { RpcHost } from '../../../src/host/rpcHost';
import { createReviewHandlers } from '../../../src/review/reviewHandlers';
import { ReviewKeyRelay, type ReviewKeyResult } from '../../../src/review/reviewKeyRelay';
import type { HostToWebview } from '../../../src/shared/rpc';
import type { ReviewEvents, ReviewMethods } from '../../../src/shared/reviewProtocol';
import { reviewStore } from './reviewFixture';

/** The panel's wiring (ReviewPanel): handlers whose commandOutcome settles the relay, the relay emitting through the host. */
async function panelHost(timeoutMs?: number) {
  const { store, jobId } = await reviewStore();
  const sent: HostToWebview<ReviewEvents>[] = [];
  // Each refers to the other, as in the panel: the closures run only after both exist.
  const relay: ReviewKeyRelay = new ReviewKeyRelay((payload) => host.emit('command', payload), () => host.isReady, timeoutMs);
  const host = new RpcHost<ReviewMethods, ReviewEvents>((m) => void sent.push(m), createReviewHandlers(new ReviewService(() => store), {
    exportJsonl: async () => null,
    deleteAll: async () => ({ deleted: false, records: 0 }),
    openDiff: async () => undefined,
    goToSource: async () => undefined,
    keysOff: () => undefined,
    commandOutcome: (id, outcome) => relay.settle(id, outcome),
  }));
  const commands = () => sent.flatMap((m) => (m.kind === 'event' && m.event === 'command' ? [m.payload as ReviewEvents['command']] : []));
  let rid = 100;
  const answer = (id: number, outcome: string) => host.receive({ kind: 'request', id: ++rid, method: 'commandOutcome', params: { id, outcome } });
  return { host, relay, store, jobId, commands, answer };
}

describe('Review key commands (host side)', () => {
  it('hands each key command to the webview and resolves with the webview’s decision, never acting itself', async () => {
    const { host, relay, store, jobId, commands, answer } = await panelHost();
    await host.receive({ kind: 'ready' });
    let result: ReviewKeyResult | undefined;
    const accepted = relay.run('accept').then((r) => (result = r));
    const [event] = commands();
    assert.deepEqual(event, { id: 1, command: 'accept' });
    await new Promise((r) => setImmediate(r));
    assert.equal(result, undefined, 'the command waits for the webview');
    assert.equal(store.statusCounts(jobId).accepted, 0, 'the host changed nothing');
    // The webview was typing: it says so and nothing happens.
    await answer(event.id, 'typing');
    assert.equal(await accepted, 'typing');
    const next = relay.run('next');
    await answer(commands()[1].id, 'ran');
    assert.equal(await next, 'ran');
    // A late or repeated answer changes nothing.
    await answer(event.id, 'ran');
    assert.equal(store.statusCounts(jobId).accepted, 0);
  });

  it('sends nothing to a webview that is not ready: a held key would act on a record the user has not seen', async () => {
    const { host, relay, commands } = await panelHost();
    assert.equal(await relay.run('accept'), 'not-ready');
    await host.receive({ kind: 'ready' });
    assert.deepEqual(commands(), [], 'no command was held for the webview');
    host.resetReady();
    assert.equal(await relay.run('reject'), 'not-ready');
  });

  it('gives up on a webview that never answers, and on dispose', async () => {
    const { host, relay, commands } = await panelHost(20);
    await host.receive({ kind: 'ready' });
    assert.equal(await relay.run('accept'), 'unanswered');
    const quick = new ReviewKeyRelay(() => undefined, () => true);
    const pending = quick.run('undo');
    quick.dispose();
    assert.equal(await pending, 'closed');
    assert.equal(commands().length, 1);
  });
});
