import { join } from 'node:path';
import type { LlmPort, ModelSettings } from '../llm/llmTypes';
import { CachingLlm } from './cachingLlm';
import type { ResponseCacheMode } from './cacheTypes';
import { ResponseStore } from './responseStore';

/** The workspace's stored answers: `.datagenflow/cache/responses` under the workspace folder. */
export function responseCacheDir(workspaceRoot: string): string {
  return join(workspaceRoot, '.datagenflow', 'cache', 'responses');
}

export interface ResponseCacheSetup {
  workspaceRoot: string;
  settings: ModelSettings & { responseCacheMaxMb: number };
  mode: ResponseCacheMode;
  /** A write that failed (the run goes on without storing that answer). */
  onWarning?: (message: string) => void;
}

/** `inner` behind the workspace's response cache, in `mode`, with the size limit of the settings. */
export function withResponseCache(inner: LlmPort, setup: ResponseCacheSetup): CachingLlm {
  const store = new ResponseStore(responseCacheDir(setup.workspaceRoot), Math.floor(setup.settings.responseCacheMaxMb * 1024 * 1024), setup.onWarning);
  return new CachingLlm(inner, { settings: setup.settings, store, mode: setup.mode });
}
