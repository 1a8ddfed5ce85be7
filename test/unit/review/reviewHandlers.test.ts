import assert from 'node:assert/strict';
import { ReviewService } from '../../../src/core/review/reviewService';
import { RpcHost } from '../../../src/host/rpcHost';
import { createReviewHandlers } from '../../../src/review/reviewHandlers';
import type { HostToWebview } from '../../../src/shared/rpc';
import type { ReviewEvents, ReviewMethods } from '../../../src/shared/reviewProtocol';
import { reviewStore } from './reviewFixture';

async function hostOn() {
  const { store, jobId } = await reviewStore();
  const sent: HostToWebview<ReviewEvents>[] = [];
  const focus: boolean[] = [];
  const outcomes: [number, string][] = [];
  const sources: [number, string][] = [];
  const host = new RpcHost<ReviewMethods, ReviewEvents>((m) => void sent.push(m), createReviewHandlers(new ReviewService(() => store), {
    exportJsonl: async () => null,
    deleteAll: async () => ({ deleted: false, records: 0 }),
    openDiff: async () => undefined,
    goToSource: async (jobId, blockId) => void sources.push([jobId, blockId]),
    keysOff: (off) => void focus.push(off),
    commandOutcome: (id, outcome) => void outcomes.push([id, outcome]),
  }));
  await host.receive({ kind: 'ready' });
  let id = 0;
  const call = async (method: string, params: unknown) => {
    const rid = ++id;
    await host.receive({ kind: 'request', id: rid, method, params });
    const reply = sent.find((m) => m.kind === 'reply' && m.id === rid);
    assert.ok(reply && reply.kind === 'reply');
    return reply;
  };
  return { call, jobId, focus, outcomes, sources };
}

describe('Review protocol handlers', () => {
  it('answers valid requests and refuses malformed ones with the offending path', async () => {
    const { call, jobId, focus, outcomes, sources } = await hostOn();
    const ok = await call('record', { jobId, status: 'pending', offset: 0 });
    assert.equal(ok.ok, true);
    const cases: [string, unknown, RegExp][] = [
      ['record', { jobId, status: 'approved', offset: 0 }, /params\.status must be one of pending, accepted, rejected, failed/],
      ['record', { jobId, status: 'pending', offset: -1 }, /params\.offset must be an integer ≥ 0/],
      ['page', { jobId, status: 'pending', offset: 0 }, /params\.limit must be an integer ≥ 1/],
      ['setStatus', { jobId, ids: [], status: 'accepted' }, /params\.ids must name 1 to 10000 records/],
      ['setStatus', { jobId, ids: ['1'], status: 'accepted' }, /params\.ids\[0\] must be an integer ≥ 1/],
      ['setStatus', { jobId, ids: [1], status: 'failed' }, /params\.status must be one of pending, accepted, rejected/],
      ['setStatus', { jobId, ids: [1], status: 'accepted', then: { jobId, status: 'pending' } }, /params\.then\.offset/],
      ['edit', { jobId, recordId: 1, fields: 'text' }, /params\.fields must be an object/],
      ['setLayout', { jobId, layout: { primary: ['a'], secondary: ['a'], hidden: [] } }, /names field "a" twice/],
      ['exportJsonl', { jobId, status: 'all' }, /params\.status must be one of/],
      ['keysOff', { off: 'yes' }, /params\.off must be true or false/],
      ['commandOutcome', { id: 1, outcome: 'accepted' }, /params\.outcome must be one of ran, typing, form, busy/],
      ['commandOutcome', { id: 0, outcome: 'ran' }, /params\.id must be an integer ≥ 1/],
      ['goToSource', { jobId, blockId: 3 }, /params\.blockId must be a string/],
      ['openJob', { jobId: 0 }, /params\.jobId must be an integer ≥ 1/],
      ['nope', {}, /unknown method "nope"/],
    ];
    for (const [method, params, pattern] of cases) {
      const reply = await call(method, params);
      assert.equal(reply.ok, false, `${method} ${JSON.stringify(params)}`);
      if (!reply.ok) {
        assert.equal(reply.error.code, 'invalid-request');
        assert.match(reply.error.message, pattern);
      }
    }
    await call('keysOff', { off: true });
    assert.deepEqual(focus, [true]);
    await call('commandOutcome', { id: 3, outcome: 'typing' });
    assert.deepEqual(outcomes, [[3, 'typing']]);
    await call('goToSource', { jobId, blockId: 'gen' });
    assert.deepEqual(sources, [[jobId, 'gen']]);
  });

  it('turns a store refusal into an error reply naming the record and what to do', async () => {
    const { call, jobId } = await hostOn();
    const reply = await call('setStatus', { jobId, ids: [12345], status: 'accepted' });
    assert.equal(reply.ok, false);
    if (!reply.ok) assert.match(reply.error.message, /Record\(s\) 12345 are not records of job \d+.*refresh the Review panel/);
  });
});
