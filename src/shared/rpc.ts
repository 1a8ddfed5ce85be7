// The envelope every webview protocol uses. A protocol is two maps: the requests a webview may make (params and
// result per method) and the events the host pushes. Requests carry ids and get exactly one reply holding either a
// result or an error; the webview says `ready` before the host posts anything.

/** One request a webview may make: what it sends and what it gets back. */
export interface RpcMethod<P, R> {
  params: P;
  result: R;
}

/** A protocol's requests, by method name. */
export type RpcMethods = { [method: string]: RpcMethod<unknown, unknown> };

/** A protocol's host-to-webview events, by name. */
export type RpcEvents = { [event: string]: unknown };

export type MethodName<M extends RpcMethods> = keyof M & string;
export type ParamsOf<M extends RpcMethods, K extends MethodName<M>> = M[K]['params'];
export type ResultOf<M extends RpcMethods, K extends MethodName<M>> = M[K]['result'];

/** Every request of a protocol as a discriminated union on `method`. */
export type RpcRequest<M extends RpcMethods> = {
  [K in MethodName<M>]: { kind: 'request'; id: number; method: K; params: ParamsOf<M, K> };
}[MethodName<M>];

/** Every event of a protocol as a discriminated union on `event`. */
export type RpcEvent<E extends RpcEvents> = {
  [K in keyof E & string]: { kind: 'event'; event: K; payload: E[K] };
}[keyof E & string];

/** What went wrong, in words for the user; `code` lets the webview react to a kind of failure. */
export interface RpcErrorBody {
  message: string;
  code?: string;
}

export type RpcReply =
  | { kind: 'reply'; id: number; ok: true; result: unknown }
  | { kind: 'reply'; id: number; ok: false; error: RpcErrorBody };

export interface RpcReady {
  kind: 'ready';
}

export type WebviewToHost<M extends RpcMethods> = RpcRequest<M> | RpcReady;
export type HostToWebview<E extends RpcEvents> = RpcEvent<E> | RpcReply;

/** The rejection a webview's request promise gets when the host answered with an error. */
export class RpcRequestError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'RpcRequestError';
  }
}
