// The Try app's one store: the reducer's state held outside React, its effects run against the host, the host's
// events fed in as actions.
import type { TryViewState } from '../../src/shared/tryProtocol';
import { createReducerStore } from '../common/reducerStore';
import { useStoreState } from '../common/useStoreState';
import { readViewState, writeViewState } from '../common/vscodeApi';
import { tryClient as client } from './tryClient';
import { initialTryState, reduceTry, type TryAction, type TryEffect, type TryState } from './tryState';

async function runEffect(effect: TryEffect, dispatch: (a: TryAction) => Promise<void>): Promise<void> {
  try {
    if (effect.type === 'loadState') await dispatch({ type: 'loaded', view: await client.request('state', {}) });
    else if (effect.type === 'tryAgain') await client.request('tryAgain', { seedIndex: effect.seedIndex, ...(effect.chunkIndex !== undefined ? { chunkIndex: effect.chunkIndex } : {}) });
    else if (effect.type === 'cancel') await client.request('cancel', {});
    else await client.request('goToSource', { blockId: effect.blockId });
  } catch (e) {
    await dispatch({ type: 'failed', text: e instanceof Error ? e.message : String(e) });
  }
}

/** After a reload: the pipeline and the try it showed (its tries come from the host, the selection stays if it is one of them). */
function restoredState(): TryState {
  const saved = readViewState<TryViewState>();
  if (typeof saved.pipeline !== 'string') return initialTryState;
  return { ...initialTryState, pipeline: saved.pipeline, ...(typeof saved.selectedId === 'string' ? { selectedId: saved.selectedId } : {}) };
}

export const tryStore = createReducerStore(reduceTry, restoredState(), runEffect);

export function dispatch(action: TryAction): void {
  void tryStore.dispatch(action);
}

export function useTryState(): TryState {
  return useStoreState(tryStore);
}

/** Keeps the view state (pipeline shown, tries selected) with setState: a reload restores the panel from it. */
function persistViewState(): void {
  let saved = '';
  const persist = () => {
    const { pipeline, selectedId, compareId } = tryStore.getState();
    const view: TryViewState = { ...(pipeline ? { pipeline } : {}), ...(selectedId ? { selectedId } : {}), ...(compareId ? { compareId } : {}) };
    const text = JSON.stringify(view);
    if (text === saved) return;
    saved = text;
    writeViewState(view);
  };
  tryStore.subscribe(persist);
}

/** Listens to the host, says ready, and asks for the pipeline's tries. Call once, at load. */
export function startTry(): void {
  persistViewState();
  client.on('pipeline', (view) => dispatch({ type: 'loaded', view }));
  client.on('tryStarted', (e) => dispatch({ type: 'tryStarted', ...e }));
  client.on('blockStarted', (e) => dispatch({ type: 'blockStarted', ...e }));
  client.on('blockDone', (e) => dispatch({ type: 'blockDone', ...e }));
  client.on('tryFinished', (e) => dispatch({ type: 'tryFinished', ...e }));
  client.ready();
  dispatch({ type: 'start' });
}
