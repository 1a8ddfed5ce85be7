// The Report app's one store: the reducer's state held outside React, its effects run against the host, the
// host's events fed in as actions.
import { createReducerStore } from '../common/reducerStore';
import { useStoreState } from '../common/useStoreState';
import { reportClient as client } from './reportClient';
import { initialReportState, reduceReport, type ReportAction, type ReportEffect, type ReportState } from './reportState';

async function runEffect(effect: ReportEffect, dispatch: (a: ReportAction) => Promise<void>): Promise<void> {
  try {
    if (effect.type === 'loadState') await dispatch({ type: 'loaded', view: await client.request('state', {}) });
    else if (effect.type === 'rescan') await client.request('rescan', {});
    else if (effect.type === 'setMetric') await client.request('setMetric', { metric: effect.metric });
    else await client.request('openReview', { jobId: effect.jobId });
  } catch (e) {
    await dispatch({ type: 'failed', text: e instanceof Error ? e.message : String(e) });
  }
}

export const reportStore = createReducerStore(reduceReport, initialReportState, runEffect);

export function dispatch(action: ReportAction): void {
  void reportStore.dispatch(action);
}

export function useReportState(): ReportState {
  return useStoreState(reportStore);
}

/** Listens to the host, says ready, and asks for the current view. Call once, at load. */
export function startReport(): void {
  client.on('view', (view) => dispatch({ type: 'loaded', view }));
  client.ready();
  dispatch({ type: 'start' });
}
