import * as vscode from 'vscode';
import type { HostToWebview, RpcEvents, RpcMethods } from '../shared/rpc';
import type { Logger } from './logger';
import { RpcHost, type RpcHandlers, type RpcHostOptions } from './rpcHost';
import { renderWebviewHtml } from './webviewHtml';

export type WebviewApp = 'editor' | 'review';

/** Locks a webview down to dist/webview and loads one app into it with a fresh nonce. */
export function loadWebviewApp(webview: vscode.Webview, extensionUri: vscode.Uri, app: WebviewApp, title: string, boot?: unknown): void {
  const root = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  webview.options = { enableScripts: true, localResourceRoots: [root] };
  webview.html = renderWebviewHtml({
    title,
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, `${app}.js`)).toString(),
    styleUris: [webview.asWebviewUri(vscode.Uri.joinPath(root, `${app}.css`)).toString()],
    boot,
  });
}

/**
 * Connects a protocol's handlers to a panel's webview; dispose with the panel. Our panels do not retain their
 * context: a hidden webview is torn down and loads again when shown, so events are held from hiding until the new
 * one says ready (posted meanwhile, they would go nowhere).
 */
export function connectWebview<M extends RpcMethods, E extends RpcEvents>(
  panel: vscode.WebviewPanel,
  handlers: RpcHandlers<M>,
  log: Logger,
  options: RpcHostOptions = {},
): { host: RpcHost<M, E>; disposable: vscode.Disposable } {
  const host = new RpcHost<M, E>((m: HostToWebview<E>) => panel.webview.postMessage(m), handlers, {
    onInvalidMessage: (reason) => log.warn(`Ignored a malformed webview message: ${reason}`),
    ...options,
  });
  const disposable = vscode.Disposable.from(
    panel.webview.onDidReceiveMessage((m) => void host.receive(m)),
    panel.onDidChangeViewState(() => {
      if (!panel.visible) host.resetReady();
    }),
  );
  return { host, disposable };
}

const READY_TIMEOUT_MS = 5_000;
const MAX_RELOADS = 2;

/**
 * A webview that never says ready would stay blank. Seen now and then in code-server when webviews open in quick
 * succession: load it again while it is visible and silent, twice at most. Dispose with the panel.
 */
export function reloadWhenSilent(panel: vscode.WebviewPanel, isReady: () => boolean, reload: (attempt: number) => void): vscode.Disposable {
  let reloads = 0;
  let waitingSince = Date.now();
  const timer = setInterval(() => {
    if (isReady() || !panel.visible || Date.now() - waitingSince < READY_TIMEOUT_MS) return;
    if (reloads >= MAX_RELOADS) return clearInterval(timer);
    reloads++;
    waitingSince = Date.now();
    reload(reloads);
  }, 1_000);
  const visibility = panel.onDidChangeViewState(() => {
    if (panel.visible && !isReady()) waitingSince = Date.now();
  });
  return new vscode.Disposable(() => {
    clearInterval(timer);
    visibility.dispose();
  });
}
