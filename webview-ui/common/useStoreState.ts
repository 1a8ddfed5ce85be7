import { useSyncExternalStore } from 'react';
import type { ReducerStore } from './reducerStore';

/** A component's view of a store: renders again whenever its state changes. */
export function useStoreState<S, A>(store: ReducerStore<S, A>): S {
  return useSyncExternalStore(store.subscribe, store.getState);
}
