import assert from 'node:assert/strict';
import { ReviewService } from '../../../src/core/review/reviewService';
import { createReviewHandlers } from '../../../src/review/reviewHandlers';
import type { ReviewEvents, ReviewMethods } from '../../../src/shared/reviewProtocol';
import type { MethodName, ParamsOf, ResultOf } from '../../../src/shared/rpc';
import { createReducerStore } from '../../../webview-ui/common/reducerStore';
import type { RpcClient } from '../../../webview-ui/common/rpcClient';
import { createReviewEffects } from '../../../webview-ui/review/reviewEffects';
import { reduceReview } from '../../../webview-ui/review/reviewReducer';
import { initialReviewState, initialView, keyAction } from '../../../webview-ui/review/reviewState';
import { reviewStore } from './reviewFixture';

describe('Review store against the real handlers (no browser)', () => {
  /** The webview's client, answered in-process by the panel's protocol handlers over a real store. */
  function directClient(service: ReviewService): Pick<RpcClient<ReviewMethods, ReviewEvents>, 'request'> {
    const handlers = createReviewHandlers(service, {
      exportJsonl: async () => null,
      deleteAll: async (jobId) => ({ deleted: true, ...(await service.deleteJob(jobId)) }),
      openDiff: async () => undefined,
      goToSource: async () => undefined,
      keysOff: () => undefined,
      commandOutcome: () => undefined,
    });
    return {
      async request<K extends MethodName<ReviewMethods>>(method: K, params: ParamsOf<ReviewMethods, K>): Promise<ResultOf<ReviewMethods, K>> {
        const handler = handlers[method];
        // Through JSON, as postMessage would: nothing shared by reference.
        return JSON.parse(JSON.stringify(await handler.handle(handler.parse(JSON.parse(JSON.stringify(params)))))) as ResultOf<ReviewMethods, K>;
      },
    };
  }

  it('opens a job, accepts with the keys, edits, undoes: each dispatch resolves once its requests are answered', async () => {
    const { store: db, jobId } = await reviewStore();
    const service = new ReviewService(() => db);
    let formOpening = 0;
    const store = createReducerStore(reduceReview, initialReviewState(initialView({ jobId }, {})), createReviewEffects(directClient(service), () => formOpening++));
    await store.dispatch({ type: 'start' });
    const opened = store.getState();
    assert.equal(opened.current?.record?.id, 1);
    assert.equal(opened.job?.job.id, jobId);
    assert.deepEqual(opened.job?.job.usage, { inputTokens: 100, outputTokens: 50, cachedTokens: 0 });
    assert.ok(opened.charts.length > 0, 'charts once the record is on screen');

    // The state changes at once (the next key sees busy), the promise resolves with the reply applied.
    const accepting = store.dispatch(keyAction('accept'));
    assert.equal(store.getState().busy, true);
    await accepting;
    assert.equal(store.getState().busy, false);
    assert.equal(store.getState().current?.record?.id, 2);
    assert.equal(store.getState().counts?.accepted, 1);

    await store.dispatch(keyAction('edit'));
    assert.equal(formOpening, 1);
    const r = await service.edit(jobId, 2, { answer: 'edited' });
    await store.dispatch({ type: 'editSaved', ...r });
    assert.equal(store.getState().message?.text, 'Saved the edit of #2. Undo: Ctrl+Z');
    await store.dispatch(keyAction('undo'));
    assert.equal(store.getState().message?.text, 'Undid the edit of #2.');
    assert.equal(store.getState().current?.record?.fields.answer, 'A s0.r1');
    await store.dispatch(keyAction('undo'));
    assert.equal(store.getState().message?.text, 'Undid the status change of #1.');
    assert.equal(store.getState().counts?.accepted, 0);

    await store.dispatch({ type: 'deleteJob' });
    assert.equal(store.getState().view.jobId, undefined);
    assert.equal(store.getState().message?.text, `Deleted job #${jobId} and its 12 record(s).`);
  });
});
