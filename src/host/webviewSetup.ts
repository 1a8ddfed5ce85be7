import * as vscode from 'vscode';
import type { RpcEvents, RpcMethods } from '../shared/rpc';
import type { Logger } from './logger';
import type { RpcHandlers, RpcHostOptions } from './rpcHost';
import { renderWebviewHtml } from './webviewHtml';
import { WebviewController, type WebviewHooks } from './webviewController';

export type WebviewApp = 'editor' | 'review' | 'try' | 'report';

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

export interface WebviewAppOptions<M extends RpcMethods> extends WebviewHooks {
  app: WebviewApp;
  /** The page's title (the tab's title is the panel's). */
  title: string;
  /** JSON the app reads before its first message. */
  boot?: unknown;
  handlers: RpcHandlers<M>;
  describeError?: RpcHostOptions['describeError'];
}

/** Loads an app into a panel and connects its protocol; the controller lives as long as the panel. */
export function openWebviewApp<M extends RpcMethods, E extends RpcEvents>(
  panel: vscode.WebviewPanel,
  host: { context: vscode.ExtensionContext; log: Logger },
  options: WebviewAppOptions<M>,
): WebviewController<M, E> {
  const { app, title, boot, ...rest } = options;
  return new WebviewController<M, E>(panel, {
    ...rest,
    load: () => loadWebviewApp(panel.webview, host.context.extensionUri, app, title, boot),
    onInvalidMessage: (reason) => host.log.warn(`Ignored a malformed message from the ${app} webview: ${reason}`),
  });
}
