import type { UnitResult } from '../../../src/core/records/unitResult';
import type { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openStore, result, writeAll } from '../store/storeTestKit';

/** A result with a numeric score and a nested rating beside question/answer, for the charts. */
export function scoredResult(seed: number, repetition: number, failed = false): UnitResult {
  const r = result(seed, repetition, failed);
  if (r.output) r.output = { ...r.output, score: (seed % 5) + 1, rating: { generated: { confidence: 0.1 + ((seed * 7 + repetition) % 9) / 10 } } };
  return r;
}

/** A store with one completed job of `seeds` × 2 units; unit `s1.r1` failed. Returns the job id too. */
export async function reviewStore(seeds = 6): Promise<{ store: WorkspaceStore; jobId: number }> {
  const { store } = await openStore();
  const job = await store.createJob(newJob({ total: seeds * 2 }));
  const results: UnitResult[] = [];
  for (let s = 0; s < seeds; s++) for (let r = 0; r < 2; r++) results.push(scoredResult(s, r, s === 1 && r === 1));
  await writeAll(store, job.id, results);
  await store.finishJob(job.id, {
    status: 'completed',
    total: results.length,
    elapsedMs: 5000,
    usage: { input_tokens: 100, output_tokens: 50, cached_tokens: 0 },
  });
  return { store, jobId: job.id };
}

/** A store with one completed job whose two records hold a conversation (`messages`) like ConversationGenerator writes. */
export async function chatReviewStore(): Promise<{ store: WorkspaceStore; jobId: number }> {
  const { store } = await openStore();
  const job = await store.createJob(newJob({ total: 2 }));
  const results = [0, 1].map((seed) => {
    const r = result(seed, 0);
    r.output = {
      messages: [
        { role: 'system', content: 'You are a travel planner.' },
        { role: 'user', content: `Where should I go in October? (seed ${seed})` },
        { role: 'assistant', content: 'Lisbon: warm, museums, trains.' },
        { role: 'user', content: 'How long?' },
        { role: 'assistant', content: 'Five days.' },
      ],
    };
    return r;
  });
  await writeAll(store, job.id, results);
  await store.finishJob(job.id, { status: 'completed', total: 2, elapsedMs: 1000, usage: { input_tokens: 10, output_tokens: 5, cached_tokens: 0 } });
  return { store, jobId: job.id };
}
