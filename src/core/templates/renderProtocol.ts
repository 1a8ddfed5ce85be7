import type { RenderFailure } from './renderWithLimits';

/** What a render worker is started with. */
export interface RenderWorkerData {
  maxBytes: number;
}

export interface RenderRequest {
  id: number;
  source: string;
  state: Readonly<Record<string, unknown>>;
}

/** `ready` once the worker has loaded; then one reply per request. */
export type RenderWorkerMessage =
  | { type: 'ready' }
  | { type: 'rendered'; id: number; text: string }
  | ({ type: 'failed'; id: number } & RenderFailure);
