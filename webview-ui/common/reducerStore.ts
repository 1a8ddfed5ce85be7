// The one state model of the webviews: a pure reducer turns (state, action) into the next state and the effects to
// run (requests to the host, …); the store holds the state outside React, runs the effects and feeds what they bring
// back in as further actions. Every transition is a plain function call, testable in Node without a browser.

/** What an action leads to: the next state and the effects to run, in order. */
export interface Transition<S, E> {
  state: S;
  effects: readonly E[];
}

export type Reducer<S, A, E> = (state: S, action: A) => Transition<S, E>;

/**
 * Runs one effect; what comes of it (a reply, a failure) is dispatched as an action. Must not reject: a failure is
 * an action too. Resolves once the effect and the actions it dispatched are done.
 */
export type EffectRunner<A, E> = (effect: E, dispatch: (action: A) => Promise<void>) => Promise<void> | void;

export interface ReducerStore<S, A> {
  getState(): S;
  /**
   * Applies the action at once (a second action dispatched right after sees its state), tells the subscribers, then
   * runs its effects; resolves once they are done.
   */
  dispatch(action: A): Promise<void>;
  /** Called after every state change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

export function createReducerStore<S, A, E>(reduce: Reducer<S, A, E>, initial: S, run: EffectRunner<A, E>): ReducerStore<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  const store: ReducerStore<S, A> = {
    getState: () => state,
    async dispatch(action) {
      const next = reduce(state, action);
      if (next.state !== state) {
        state = next.state;
        for (const listener of [...listeners]) listener();
      }
      await Promise.all(next.effects.map((effect) => run(effect, store.dispatch)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return store;
}
