import type { UnitResult } from '../../../src/core/records/unitResult';
import type { NewJob } from '../../../src/core/store/storeTypes';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openStore, writeAll } from '../store/storeTestKit';

const usage = { input_tokens: 100, output_tokens: 50, cached_tokens: 0 };

/** A succeeded unit: seed metadata plus the generated fields given. */
export function unit(seedIndex: number, repetition: number, generated: Record<string, unknown>, metadata: Record<string, unknown> = { topic: `topic ${seedIndex}` }): UnitResult {
  return {
    key: `s${seedIndex}.r${repetition}`,
    seedIndex,
    repetition,
    status: 'succeeded',
    metadata,
    output: { ...metadata, ...generated },
    trace: [],
    usage,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 10,
  };
}

export function failedUnit(seedIndex: number, repetition: number, message: string): UnitResult {
  return { ...unit(seedIndex, repetition, {}), status: 'failed', output: null, error: { message } };
}

/** A store with one job holding these results (written in the order given). */
export async function storeWith(results: UnitResult[], job: Partial<NewJob> = {}): Promise<{ store: WorkspaceStore; jobId: number }> {
  const { store } = await openStore();
  const jobId = await addJob(store, results, job);
  return { store, jobId };
}

export async function addJob(store: WorkspaceStore, results: UnitResult[], job: Partial<NewJob> = {}): Promise<number> {
  const created = await store.createJob(newJob({ total: results.length, ...job }));
  await writeAll(store, created.id, results);
  await store.finishJob(created.id, { status: 'completed', elapsedMs: 1000, usage: { input_tokens: 1000 * results.length, output_tokens: 500 * results.length, cached_tokens: 0 }, total: results.length });
  return created.id;
}

const WORDS = 'river stone lantern orchard violet engine harbor quiet meadow copper falcon winter signal paper garden candle bridge silver thunder maple'.split(' ');

/** Deterministic prose of `words` words, different for each `seed`. */
export function prose(seed: number, words: number): string {
  const out: string[] = [];
  let x = seed * 7919 + 13;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(WORDS[x % WORDS.length]);
  }
  return `${out.join(' ')}.`;
}
