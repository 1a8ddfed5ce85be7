// The Try app's state and its pure reducer: the shown pipeline's tries (newest first, the running one included),
// which try is shown and which one it is compared with. Events of a try may arrive before the try itself (a
// reload mid-try): each is applied by id, so a repeat or a late `state` reply changes nothing.
import type { TryBlockView, TryPipelineView, TryView } from '../../src/shared/tryProtocol';
import type { Transition } from '../common/reducerStore';

export const SHOWN_TRIES = 5;

export interface TryState {
  pipeline?: string;
  tries: TryView[];
  runningBlock?: string;
  /** The try shown; by default the newest. */
  selectedId?: string;
  /** A second try shown beside it, block by block. */
  compareId?: string;
  message?: { text: string; error: boolean };
}

export type TryAction =
  | { type: 'start' }
  | { type: 'loaded'; view: TryPipelineView }
  | { type: 'tryStarted'; pipeline: string; record: TryView }
  | { type: 'blockStarted'; pipeline: string; tryId: string; blockId: string }
  | { type: 'blockDone'; pipeline: string; tryId: string; block: TryBlockView }
  | { type: 'tryFinished'; pipeline: string; record: TryView }
  | { type: 'select'; tryId: string }
  | { type: 'compare'; tryId?: string }
  | { type: 'tryAgain' }
  | { type: 'cancel' }
  | { type: 'goToSource'; blockId: string }
  | { type: 'failed'; text: string };

export type TryEffect =
  | { type: 'loadState' }
  | { type: 'tryAgain'; seedIndex: number; chunkIndex?: number }
  | { type: 'cancel' }
  | { type: 'goToSource'; blockId: string };

export const initialTryState: TryState = { tries: [] };

export function shownTry(state: TryState): TryView | undefined {
  return state.tries.find((t) => t.id === state.selectedId) ?? state.tries[0];
}

export function reduceTry(state: TryState, action: TryAction): Transition<TryState, TryEffect> {
  const none = (next: TryState) => ({ state: next, effects: [] });
  switch (action.type) {
    case 'start':
      return { state, effects: [{ type: 'loadState' }] };
    case 'loaded': {
      const { view } = action;
      const same = view.pipeline === state.pipeline;
      // A try running here is not stored yet: a reply that does not know it keeps it.
      const running = same ? state.tries.filter((t) => t.status === 'running' && !view.tries.some((v) => v.id === t.id)) : [];
      return none({ pipeline: view.pipeline, tries: [...running, ...view.tries].slice(0, SHOWN_TRIES), ...(view.runningBlock ? { runningBlock: view.runningBlock } : {}), ...(same && state.selectedId ? { selectedId: state.selectedId } : {}) });
    }
    case 'tryStarted':
      if (action.pipeline !== state.pipeline) return none(state);
      // A new try is shown as it starts; the one shown before stays to compare with.
      return none({ ...withTry(state, action.record), runningBlock: undefined, selectedId: action.record.id, compareId: state.tries[0]?.id !== action.record.id ? state.tries[0]?.id : state.compareId, message: undefined });
    case 'blockStarted':
      if (action.pipeline !== state.pipeline) return none(state);
      return none({ ...state, runningBlock: action.blockId });
    case 'blockDone': {
      if (action.pipeline !== state.pipeline) return none(state);
      const record = state.tries.find((t) => t.id === action.tryId);
      if (!record) return none(state);
      const blocks = [...record.blocks.filter((b) => b.blockId !== action.block.blockId), action.block];
      return none({ ...withTry(state, { ...record, blocks }), runningBlock: state.runningBlock === action.block.blockId ? undefined : state.runningBlock });
    }
    case 'tryFinished':
      if (action.pipeline !== state.pipeline) return none(state);
      return none({ ...withTry(state, action.record), runningBlock: undefined });
    case 'select':
      return none({ ...state, selectedId: action.tryId, ...(state.compareId === action.tryId ? { compareId: undefined } : {}) });
    case 'compare':
      return none({ ...state, compareId: action.tryId });
    case 'tryAgain': {
      const shown = shownTry(state);
      if (!shown) return none(state);
      return { state, effects: [{ type: 'tryAgain', seedIndex: shown.seedIndex, ...(shown.chunkIndex !== undefined ? { chunkIndex: shown.chunkIndex } : {}) }] };
    }
    case 'cancel':
      return { state, effects: [{ type: 'cancel' }] };
    case 'goToSource':
      return { state, effects: [{ type: 'goToSource', blockId: action.blockId }] };
    case 'failed':
      return none({ ...state, message: { text: action.text, error: true } });
  }
}

/** The tries with `record` put in (replacing the one with its id, else first), at most SHOWN_TRIES. */
function withTry(state: TryState, record: TryView): TryState {
  const at = state.tries.findIndex((t) => t.id === record.id);
  const tries = at >= 0 ? state.tries.map((t, i) => (i === at ? record : t)) : [record, ...state.tries].slice(0, SHOWN_TRIES);
  return { ...state, tries };
}
