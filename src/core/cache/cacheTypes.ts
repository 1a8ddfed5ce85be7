import { DgfError } from '../errors';
import type { TokenUsage } from '../llm/llmTypes';

/**
 * How a run uses stored answers. Every mode stores the answers it gets from an endpoint (unless the size limit is
 * 0), so a later Re-run with changes can reuse them; `off` never reads them, `reuse` reads them and calls the
 * endpoint on a miss, `replay` reads them and fails the unit on a miss (offline).
 */
export type ResponseCacheMode = 'off' | 'reuse' | 'replay';

export const RESPONSE_CACHE_MODES: readonly ResponseCacheMode[] = ['off', 'reuse', 'replay'];

export const DEFAULT_RESPONSE_CACHE_MAX_MB = 500;

export function isResponseCacheMode(value: unknown): value is ResponseCacheMode {
  return typeof value === 'string' && (RESPONSE_CACHE_MODES as readonly string[]).includes(value);
}

/** What a run's calls did: sent to an endpoint, or answered from the cache (with what that saved). */
export interface CacheTally {
  mode: ResponseCacheMode;
  /** Calls sent to an endpoint (chat and embeddings). */
  callsMade: number;
  /** Calls answered from stored answers. */
  callsReused: number;
  /** Tokens the reused answers cost when they were first made. */
  savedUsage: TokenUsage;
  /** Their price at the configured prices; undefined when none of their models has a price. */
  savedCost?: number;
}

/** A call that `replay` found no stored answer for: the unit fails with this message. */
export class CacheMissError extends DgfError {
  constructor(what: string) {
    super(
      'cache-miss',
      `No stored answer for this ${what} request (datagenflow.responseCache is 'replay', which never calls the endpoint). ` +
        `Run it once with 'reuse' or 'off' to store its answer, or switch to 'reuse'.`,
    );
  }
}
