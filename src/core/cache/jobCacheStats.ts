import { addUsage, emptyUsage, type TokenUsage } from '../llm/llmTypes';
import type { JsonObject } from '../store/storeTypes';
import { isResponseCacheMode, type CacheTally } from './cacheTypes';

/** The key of a job's metadata that holds its calls made and reused, over every run of the job. */
export const CACHE_STATS_KEY = 'responseCache';

/** A job's cache figures as stored in its metadata (the tally of every run added up). */
export type JobCacheStats = CacheTally;

/** The stats to store after a run: this run's tally added to what earlier runs of the job stored. */
export function mergedCacheStats(metadata: JsonObject, run: CacheTally): JsonObject {
  const before = storedCacheStats(metadata);
  const savedUsage = addUsage(addUsage(emptyUsage(), before?.savedUsage), run.savedUsage);
  const savedCost = before?.savedCost === undefined && run.savedCost === undefined ? undefined : (before?.savedCost ?? 0) + (run.savedCost ?? 0);
  return {
    [CACHE_STATS_KEY]: {
      mode: run.mode,
      callsMade: (before?.callsMade ?? 0) + run.callsMade,
      callsReused: (before?.callsReused ?? 0) + run.callsReused,
      savedUsage: { ...savedUsage },
      ...(savedCost === undefined ? {} : { savedCost }),
    },
  };
}

export function storedCacheStats(metadata: JsonObject): JobCacheStats | undefined {
  const raw = metadata[CACHE_STATS_KEY];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.callsMade !== 'number' || typeof r.callsReused !== 'number') return undefined;
  const usage = (typeof r.savedUsage === 'object' && r.savedUsage !== null ? r.savedUsage : {}) as Partial<TokenUsage>;
  return {
    mode: isResponseCacheMode(r.mode) ? r.mode : 'off',
    callsMade: r.callsMade,
    callsReused: r.callsReused,
    savedUsage: { input_tokens: usage.input_tokens ?? 0, output_tokens: usage.output_tokens ?? 0, cached_tokens: usage.cached_tokens ?? 0 },
    ...(typeof r.savedCost === 'number' ? { savedCost: r.savedCost } : {}),
  };
}

/** `200 calls made, 400 reused (saved 81,000 tokens, $0.1620)`. */
export function cacheStatsText(stats: CacheTally): string {
  const tokens = stats.savedUsage.input_tokens + stats.savedUsage.output_tokens;
  const saved = stats.callsReused > 0 ? ` (saved ${tokens.toLocaleString('en-US')} tokens${stats.savedCost === undefined ? '' : `, $${stats.savedCost.toFixed(4)}`})` : '';
  return `${stats.callsMade} call(s) made, ${stats.callsReused} reused${saved}`;
}
