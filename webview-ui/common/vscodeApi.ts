// The one acquireVsCodeApi() call of a webview (VS Code allows exactly one per page load).
import type { HostToWebview, RpcEvents, RpcMethods, WebviewToHost } from '../../src/shared/rpc';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

export function postToHost<M extends RpcMethods>(message: WebviewToHost<M>): void {
  api.postMessage(message);
}

/** Listens to everything the host posts; returns the unsubscribe function. */
export function onHostMessage<E extends RpcEvents>(listener: (message: HostToWebview<E>) => void): () => void {
  const handler = (e: MessageEvent) => {
    const data: unknown = e.data;
    if (typeof data === 'object' && data !== null && 'kind' in data) listener(data as HostToWebview<E>);
  };
  window.addEventListener('message', handler);
  return () => window.removeEventListener('message', handler);
}

/** View state only (viewport, selection, filter, position): never documents or database rows. */
export function readViewState<S>(): Partial<S> {
  const s = api.getState();
  return typeof s === 'object' && s !== null ? (s as Partial<S>) : {};
}

export function writeViewState<S>(state: S): void {
  api.setState(state);
}

/** The JSON the host put into the page (`renderWebviewHtml`'s `boot`). */
export function readBoot<T>(): T | undefined {
  const el = document.getElementById('dgf-boot');
  return el?.textContent ? (JSON.parse(el.textContent) as T) : undefined;
}
