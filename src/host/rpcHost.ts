// The host end of a webview protocol, free of the VS Code API so tests and the browser harness drive it in plain
// Node: validates each request, runs its handler, answers with exactly one reply, and holds events until the
// webview has said `ready`.
import type { HostToWebview, MethodName, ParamsOf, ResultOf, RpcEvent, RpcEvents, RpcMethods } from '../shared/rpc';
import { expectInteger, expectObject, expectString, InvalidMessageError } from './messageGuards';

/** How the host answers one method: `parse` checks the untrusted params, `handle` does the work. */
export interface RpcHandler<M extends RpcMethods, K extends MethodName<M>> {
  parse(params: unknown): ParamsOf<M, K>;
  handle(params: ParamsOf<M, K>): Promise<ResultOf<M, K>> | ResultOf<M, K>;
}

export type RpcHandlers<M extends RpcMethods> = { [K in MethodName<M>]: RpcHandler<M, K> };

export interface RpcHostOptions {
  /** Turns a handler's error into words for the user (typed errors at the edge); defaults to the error's message. */
  describeError?(error: unknown): { message: string; code?: string };
  /** Called for requests that were not valid; the host logs them. */
  onInvalidMessage?(reason: string): void;
  /** Called once per `ready` (again after the webview reloads). */
  onReady?(): void;
}

export class RpcHost<M extends RpcMethods, E extends RpcEvents> {
  private ready = false;
  private queued: HostToWebview<E>[] = [];

  constructor(
    private readonly postRaw: (message: HostToWebview<E>) => void | PromiseLike<boolean>,
    private readonly handlers: RpcHandlers<M>,
    private readonly options: RpcHostOptions = {},
  ) {}

  /** Pushes an event; held until the webview is ready. */
  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    this.send({ kind: 'event', event, payload } as RpcEvent<E>);
  }

  /** True once the webview has said ready (and since its last reload). */
  get isReady(): boolean {
    return this.ready;
  }

  /** The webview is being reloaded (its state is gone): hold events until it says ready again. */
  resetReady(): void {
    this.ready = false;
  }

  /** Feed every message the webview posts here. Resolves when the reply has been posted. */
  async receive(raw: unknown): Promise<void> {
    let id: number | undefined;
    try {
      const message = expectObject(raw, 'message');
      if (message.kind === 'ready') {
        this.ready = true;
        const held = this.queued;
        this.queued = [];
        // Held events first: what onReady sends is newer than they are.
        for (const m of held) void this.postRaw(m);
        this.options.onReady?.();
        return;
      }
      if (message.kind !== 'request') throw new InvalidMessageError(`message.kind must be "request" or "ready"`);
      id = expectInteger(message.id, 'message.id', 0);
      const method = expectString(message.method, 'message.method');
      if (!Object.prototype.hasOwnProperty.call(this.handlers, method)) throw new InvalidMessageError(`unknown method "${method}"`);
      const handler = this.handlers[method as MethodName<M>];
      const params = handler.parse(message.params);
      const result = await handler.handle(params);
      this.send({ kind: 'reply', id, ok: true, result });
    } catch (error) {
      if (error instanceof InvalidMessageError) this.options.onInvalidMessage?.(error.message);
      if (id === undefined) return;
      const body = error instanceof InvalidMessageError ? { message: `Invalid request: ${error.message}`, code: 'invalid-request' } : this.describe(error);
      this.send({ kind: 'reply', id, ok: false, error: body });
    }
  }

  private describe(error: unknown): { message: string; code?: string } {
    if (this.options.describeError) return this.options.describeError(error);
    return { message: error instanceof Error ? error.message : String(error) };
  }

  private send(message: HostToWebview<E>): void {
    // Replies go out at once: the webview asked, so it is listening. Events wait for the handshake.
    if (message.kind === 'event' && !this.ready) {
      this.queued.push(message);
      return;
    }
    void this.postRaw(message);
  }
}
