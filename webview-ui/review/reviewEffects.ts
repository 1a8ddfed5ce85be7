// Runs the Review app's effects against the host: each request's reply (or failure) comes back as an action.
// The host and the key guard come in as arguments, so tests run the same effects against the real handlers in Node.
import type { ReviewEvents, ReviewMethods } from '../../src/shared/reviewProtocol';
import type { EffectRunner } from '../common/reducerStore';
import type { RpcClient } from '../common/rpcClient';
import type { ReviewAction, ReviewEffect } from './reviewState';

export function createReviewEffects(client: Pick<RpcClient<ReviewMethods, ReviewEvents>, 'request'>, editFormOpening: () => void): EffectRunner<ReviewAction, ReviewEffect> {
  return (effect, dispatch) => runEffect(client, editFormOpening, effect, dispatch);
}

function runEffect(
  client: Pick<RpcClient<ReviewMethods, ReviewEvents>, 'request'>,
  editFormOpening: () => void,
  effect: ReviewEffect,
  dispatch: (action: ReviewAction) => Promise<void>,
): Promise<void> | void {
  const ask = <T>(request: Promise<T>, reply: (result: T) => ReviewAction | undefined, ticket?: number): Promise<void> =>
    request.then(
      (result) => {
        const action = reply(result);
        return action ? dispatch(action) : undefined;
      },
      (e: unknown) => dispatch({ type: 'failed', request: effect.kind, message: e instanceof Error ? e.message : String(e), ticket }),
    );
  switch (effect.kind) {
    case 'listJobs':
      return ask(client.request('jobs', {}), (jobs) => ({ type: 'jobsListed', jobs }));
    case 'openJob':
      return ask(client.request('openJob', { jobId: effect.jobId }), (view) => ({ type: 'jobOpened', ticket: effect.ticket, view }), effect.ticket);
    case 'loadCharts':
      return ask(client.request('charts', { jobId: effect.jobId }), (charts) => ({ type: 'chartsLoaded', ticket: effect.ticket, charts }), effect.ticket);
    case 'loadRecord':
      return ask(client.request('record', effect.position), (at) => ({ type: 'recordLoaded', ticket: effect.ticket, at }), effect.ticket);
    case 'loadPage':
      return ask(client.request('page', { ...effect.position, limit: effect.limit }), (page) => ({ type: 'pageLoaded', ticket: effect.ticket, page }), effect.ticket);
    case 'setStatus': {
      const { kind: _kind, ...params } = effect;
      return ask(client.request('setStatus', params), (r) => ({ type: 'statusSet', ...params, counts: r.counts, next: r.next }));
    }
    case 'undo':
      return ask(client.request('undo', { jobId: effect.jobId }), (r) => ({ type: 'undone', jobId: effect.jobId, undone: r.undone, counts: r.counts }));
    case 'exportJsonl':
      return ask(client.request('exportJsonl', { jobId: effect.jobId, status: effect.status }), (r) => (r ? { type: 'exported', status: effect.status, ...r } : undefined));
    case 'deleteJob':
      return ask(client.request('deleteAll', { jobId: effect.jobId }), (r) => (r.deleted ? { type: 'jobDeleted', jobId: effect.jobId, records: r.records } : undefined));
    case 'openDiff':
      return ask(client.request('openDiff', { recordId: effect.recordId }), () => undefined);
    case 'goToSource':
      return ask(client.request('goToSource', { jobId: effect.jobId, blockId: effect.blockId }), () => undefined);
    case 'editFormOpening':
      editFormOpening();
      return;
  }
}
