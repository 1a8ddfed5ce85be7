// One webview's lifecycle, shared by every DataGenFlow panel (the pipeline editor, the Review panel, the next ones):
// load the app, connect its protocol, hold events until the app says ready, tell the panel's owner when it is
// ready, shown, hidden or gone, and dispose everything with the panel. Free of the VS Code API (a
// vscode.WebviewPanel fits WebviewPanelLike, webviewSetup.ts supplies the page) so it is unit-tested in plain Node.
import type { HostToWebview, MethodName, ParamsOf, ResultOf, RpcEvents, RpcMethods } from '../shared/rpc';
import { RpcHost, type RpcHandlers, type RpcHostOptions } from './rpcHost';

interface Disposable {
  dispose(): unknown;
}

type Listen<T> = (listener: (e: T) => unknown) => Disposable;

/** The part of a vscode.WebviewPanel the controller uses. */
export interface WebviewPanelLike {
  readonly visible: boolean;
  readonly webview: {
    postMessage(message: unknown): unknown;
    readonly onDidReceiveMessage: Listen<unknown>;
  };
  readonly onDidChangeViewState: Listen<unknown>;
  readonly onDidDispose: Listen<void>;
  dispose(): unknown;
}

/** What a panel's owner hears of its webview. */
export interface WebviewHooks {
  /** The app said ready: after it loaded, and again after each reload (its state is gone: send it everything). */
  onReady?(): void;
  /** The panel became visible (its webview loads again and says ready). */
  onVisible?(): void;
  /** The panel was hidden: our panels do not retain their context, so the webview is gone until shown again. */
  onHidden?(): void;
  /** The panel was closed (or the controller disposed): once. */
  onDispose?(): void;
}

export interface WebviewControllerOptions<M extends RpcMethods> extends WebviewHooks {
  handlers: RpcHandlers<M>;
  /** Puts the app's page into the webview. */
  load(): void;
  describeError?: RpcHostOptions['describeError'];
  /** A message that was not valid (the webview is untrusted content). */
  onInvalidMessage?(reason: string): void;
}

export class WebviewController<M extends RpcMethods, E extends RpcEvents> {
  private readonly rpc: RpcHost<M, E>;
  private readonly subscriptions: Disposable[] = [];
  private visible: boolean;
  private disposed = false;

  constructor(
    private readonly panel: WebviewPanelLike,
    private readonly options: WebviewControllerOptions<M>,
  ) {
    this.visible = panel.visible;
    this.rpc = new RpcHost<M, E>((m) => this.post(m), options.handlers, {
      describeError: options.describeError,
      onInvalidMessage: options.onInvalidMessage,
      onReady: () => options.onReady?.(),
    });
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m) => void this.rpc.receive(m)),
      panel.onDidChangeViewState(() => this.viewStateChanged()),
      panel.onDidDispose(() => this.dispose()),
    );
    // Only now that the message listener exists, so the app's `ready` cannot arrive before it.
    options.load();
  }

  /** True once the app has said ready, and since it was last hidden; false once the panel is gone. */
  get isReady(): boolean {
    return !this.disposed && this.rpc.isReady;
  }

  /**
   * Pushes an event. Held while the app is loading or hidden and sent when it says ready; dropped once the panel
   * is gone. Owners whose events are rebuilt from the current state on ready skip them meanwhile (`isReady`).
   */
  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    if (!this.disposed) this.rpc.emit(event, payload);
  }

  /** Runs a protocol request in-process as if the webview had sent it: params checked the same way (tests). */
  async request<K extends MethodName<M>>(method: K, params: ParamsOf<M, K>): Promise<ResultOf<M, K>> {
    const handler = this.options.handlers[method];
    return handler.handle(handler.parse(params));
  }

  /** Disposed with the panel. */
  track(...disposables: Disposable[]): void {
    if (this.disposed) disposables.forEach((d) => d.dispose());
    else this.subscriptions.push(...disposables);
  }

  /** Closes the panel; every listener and tracked disposable goes with it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
    this.options.onDispose?.();
    this.panel.dispose();
  }

  private viewStateChanged(): void {
    // The event also fires when only the panel's focus changed.
    if (this.panel.visible === this.visible) return;
    this.visible = this.panel.visible;
    if (this.visible) return this.options.onVisible?.();
    // The hidden webview is torn down: events wait for the new one's ready (posted meanwhile, they would go nowhere).
    this.rpc.resetReady();
    this.options.onHidden?.();
  }

  private post(message: HostToWebview<E>): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }
}
