import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { LlmError } from '../../../src/core/errors';
import { DEFAULT_MODEL_SETTINGS } from '../../../src/core/llm/llmTypes';
import { type LaunchContext, resumeJob, startJob } from '../../../src/core/run/jobLauncher';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';
import { mergeShards } from '../../../src/core/shard/mergeShards';
import { ShardMergeError } from '../../../src/core/shard/shardMergeErrors';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { jobContextValue, resumeRefusal } from '../../../src/jobs/jobPresentation';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { ScriptedLlm } from '../helpers/scriptedLlm';
import { docsQaPipeline } from '../run/docsQaPipeline';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

// A multiplier pipeline: its units (chunks) are known only as it runs, so a shard must run the multiplier on its
// own seeds only, and a merge learns the job's total from the shards.
const registry = createBlockRegistry();
const pipeline = docsQaPipeline;
const pipelineText = JSON.stringify(pipeline);
const seedsText = JSON.stringify(
  Array.from({ length: 7 }, (_, i) => ({ repetitions: i === 3 ? 2 : 1, metadata: { file_content: `# Doc ${i} one\nFirst.\n\n# Doc ${i} two\nSecond${i === 4 ? ' fails' : ''}.\n` } })),
);
/** Deterministic answers; the chunk mentioning "fails" is a failed unit. */
const answers = () => new ScriptedLlm((r) => {
  const prompt = r.messages.at(-1)?.content ?? '';
  return prompt.includes('fails') ? new LlmError('bad-request', 'refused', 400) : `answer to ${prompt}`;
});

function seeds(text = seedsText) {
  const parsed = checkSeedFile(text, 'docs.json', pipeline, registry);
  assert.deepEqual(parsed.problems, []);
  return parsed.seeds;
}

function ctx(store: WorkspaceStore, llm = answers(), signal?: AbortSignal): LaunchContext {
  return { store, registry, llm, settings: { ...DEFAULT_MODEL_SETTINGS, concurrency: 2 } , signal };
}

async function newStore(): Promise<WorkspaceStore> {
  return new WorkspaceStore(await openMemoryStoreLog());
}

async function run(store: WorkspaceStore, shard?: { index: number; count: number }, llm = answers(), text = seedsText) {
  return startJob(ctx(store, llm), { pipelinePath: 'p.dgf.json', pipelineText, pipeline, seedsPath: 'docs.json', seedsHash: seedsHash(text), seeds: seeds(text), ...(shard ? { shard } : {}) });
}

async function units(store: WorkspaceStore, jobId: number): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for await (const r of store.jobRecords(jobId)) out.set(r.unitKey, { status: r.status, output: r.output, metadata: r.metadata, error: r.error, trace: r.trace.map((t) => [t.block_id, t.output, t.error]) });
  return out;
}

async function shards(count: number): Promise<{ path: string; store: WorkspaceStore }[]> {
  const out = [];
  for (let index = 1; index <= count; index++) {
    const store = await newStore();
    await run(store, { index, count });
    out.push({ path: `shard-${index}.db`, store });
  }
  return out;
}

describe('mergeShards (multiplier pipeline, in memory)', () => {
  it('each shard runs the multiplier on its seeds only; merged, the shards equal the unsharded job', async () => {
    const full = await newStore();
    const whole = await run(full);
    const llm = answers();
    const one = await run(await newStore(), { index: 2, count: 3 }, llm);
    // Seeds 1 and 4 (index modulo 3 = 1): 2 chunks each, so 4 units and 4 calls; no other seed was split.
    assert.equal(one.job.total, 4);
    assert.equal(llm.requests.length, 4);
    assert.ok(llm.requests.every((r) => /Doc [14] /.test(r.messages.at(-1)?.content ?? '')));

    const target = await newStore();
    const report = await mergeShards(target, await shards(3));
    assert.equal(report.created, true);
    assert.deepEqual(report.missingShards, []);
    assert.equal(report.missingUnits, 0);
    assert.deepEqual(await units(target, report.jobId), await units(full, whole.job.id));
    const job = target.jobRow(report.jobId);
    assert.equal(job?.status, 'completed');
    assert.deepEqual([job?.total, job?.generated, job?.failed], [whole.job.total, whole.job.generated, whole.job.failed]);
    assert.deepEqual(job?.usage, whole.job.usage);
    assert.equal(job?.metadata.shard, undefined, 'the merged job is the whole job, not a shard');
  });

  it('merging a shard twice changes nothing; refuses shards of other seeds, leaving the target untouched', async () => {
    const sources = await shards(2);
    const target = await newStore();
    const first = await mergeShards(target, sources);
    const before = { job: target.getJob(first.jobId), units: await units(target, first.jobId), jobs: target.listJobs().length };
    const again = await mergeShards(target, [sources[1], sources[0], sources[1]]);
    assert.equal(again.unchanged, true);
    assert.deepEqual(again.shards.map((s) => s.added), [0, 0, 0]);
    assert.deepEqual({ job: target.getJob(first.jobId), units: await units(target, first.jobId), jobs: target.listJobs().length }, before);

    const other = await newStore();
    await run(other, { index: 1, count: 2 }, answers(), seedsText.replace('Doc 0', 'Doc zero'));
    const fresh = await newStore();
    await assert.rejects(mergeShards(fresh, [sources[0], { path: 'other.db', store: other }]), (e: Error) => {
      assert.ok(e instanceof ShardMergeError);
      assert.match(e.message, /shard-1\.db \(job 1, shard 1\/2\) ran seed file docs\.json \(content [0-9a-f]{12}\), but other\.db \(job 1, shard 1\/2\) ran docs\.json \(content [0-9a-f]{12}\)/);
      return true;
    });
    assert.deepEqual(fresh.listJobs(), [], 'nothing merged');
    await assert.rejects(mergeShards(fresh, [sources[0], { path: 'plain.db', store: await newStore() }]), /plain\.db holds no shard job/);
  });

  it('a missing shard: the job is cancelled with the reason, resume runs its units, and merging it later adds nothing twice', async () => {
    const full = await newStore();
    const whole = await run(full);
    const sources = await shards(3);
    const target = await newStore();
    const report = await mergeShards(target, [sources[0], sources[2]]);
    assert.deepEqual(report.missingShards, ['2/3']);
    assert.equal(report.missingUnits, undefined, 'a multiplier job cannot know the units of a shard not run');
    const job = target.jobRow(report.jobId);
    assert.equal(job?.status, 'cancelled');
    assert.match(job?.error ?? '', /Merged from shard\(s\) 1\/3, 3\/3; shard\(s\) 2\/3 not merged\. Resume the job/);
    // The Jobs view offers Resume on it, as on any cancelled job.
    assert.ok(job);
    assert.equal(resumeRefusal(job), undefined);
    assert.match(jobContextValue(job, { readOnly: false, runsHere: false }), /:resumable(:|$)/);

    const resumed = await resumeJob(ctx(target), report.jobId, 'resume', async () => seedsText);
    assert.equal(resumed.outcome.thisRun.generated + resumed.outcome.thisRun.failed, 4, 'resume ran exactly the missing shard\'s units');
    assert.deepEqual(await units(target, report.jobId), await units(full, whole.job.id));

    const late = await mergeShards(target, [sources[1]]);
    assert.deepEqual(late.shards.map((s) => s.added), [0]);
    assert.equal(target.jobRow(report.jobId)?.status, 'completed');
    assert.equal(target.listJobs().length, 1);
  });

  it('a shard job cancelled mid-run resumes its own slice only', async () => {
    const store = await newStore();
    const controller = new AbortController();
    const cancelling = new ScriptedLlm((r, call) => {
      if (call === 2) controller.abort();
      return `answer to ${r.messages.at(-1)?.content ?? ''}`;
    });
    const first = await startJob(ctx(store, cancelling, controller.signal), {
      pipelinePath: 'p.dgf.json', pipelineText, pipeline, seedsPath: 'docs.json', seedsHash: seedsHash(seedsText), seeds: seeds(), shard: { index: 1, count: 3 },
    });
    assert.equal(first.outcome.status, 'cancelled');
    await resumeJob(ctx(store), first.job.id, 'resume', async () => seedsText);
    // Seeds 0, 3 (2 repetitions) and 6: 2 + 4 + 2 chunks.
    assert.deepEqual([...(await units(store, first.job.id)).keys()].sort(), ['s0.c0', 's0.c1', 's3.c0', 's3.c0.r1', 's3.c1', 's3.c1.r1', 's6.c0', 's6.c1']);
    assert.equal(store.jobRow(first.job.id)?.status, 'completed');
  });
});
