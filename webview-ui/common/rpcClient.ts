// The webview end of a protocol: typed requests that resolve with the host's result or reject with its error, and
// typed event subscriptions. `connect()` says ready once listeners are in place.
import { type MethodName, type ParamsOf, type ResultOf, RpcRequestError, type RpcEvents, type RpcMethods } from '../../src/shared/rpc';
import { onHostMessage, postToHost } from './vscodeApi';

export interface RpcClient<M extends RpcMethods, E extends RpcEvents> {
  request<K extends MethodName<M>>(method: K, params: ParamsOf<M, K>): Promise<ResultOf<M, K>>;
  on<K extends keyof E & string>(event: K, listener: (payload: E[K]) => void): () => void;
  /** Tells the host the webview listens; call after the first subscriptions. */
  ready(): void;
}

export function createRpcClient<M extends RpcMethods, E extends RpcEvents>(): RpcClient<M, E> {
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  onHostMessage<E>((message) => {
    if (message.kind === 'reply') {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.ok) p.resolve(message.result);
      else p.reject(new RpcRequestError(message.error.message, message.error.code));
    } else if (message.kind === 'event') {
      for (const l of listeners.get(message.event) ?? []) l(message.payload);
    }
  });
  return {
    request(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        postToHost<M>({ kind: 'request', id, method, params } as never);
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: unknown) => void);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    ready() {
      postToHost<M>({ kind: 'ready' });
    },
  };
}
