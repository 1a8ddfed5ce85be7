// The Report app's state and its pure reducer: the view the host sent (progress, report or comparison) and a
// message when a request failed.
import type { ReportView } from '../../src/shared/reportProtocol';
import type { Transition } from '../common/reducerStore';

export interface ReportState {
  view: ReportView;
  message?: string;
}

export type ReportAction =
  | { type: 'start' }
  | { type: 'loaded'; view: ReportView }
  | { type: 'rescan' }
  | { type: 'setMetric'; metric: string }
  | { type: 'openReview'; jobId: number }
  | { type: 'failed'; text: string };

export type ReportEffect = { type: 'loadState' } | { type: 'rescan' } | { type: 'setMetric'; metric: string } | { type: 'openReview'; jobId: number };

export const initialReportState: ReportState = { view: { kind: 'empty' } };

export function reduceReport(state: ReportState, action: ReportAction): Transition<ReportState, ReportEffect> {
  switch (action.type) {
    case 'start':
      return { state, effects: [{ type: 'loadState' }] };
    case 'loaded':
      return { state: { view: action.view }, effects: [] };
    case 'rescan':
      return { state: { ...state, message: undefined }, effects: [{ type: 'rescan' }] };
    case 'setMetric':
      return { state: { ...state, message: undefined }, effects: [{ type: 'setMetric', metric: action.metric }] };
    case 'openReview':
      return { state, effects: [{ type: 'openReview', jobId: action.jobId }] };
    case 'failed':
      return { state: { ...state, message: action.text }, effects: [] };
  }
}
