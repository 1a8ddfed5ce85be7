import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { NormalBlockDefinition } from '../../../src/core/blocks/blockTypes';
import { DEFAULT_MODEL_SETTINGS, type LlmPort } from '../../../src/core/llm/llmTypes';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { type LaunchContext, resumeJob, startJob } from '../../../src/core/run/jobLauncher';
import { parseSeeds } from '../../../src/core/seeds/parseSeeds';
import { openMemoryStoreLog } from '../helpers/memoryOpLog';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { jobOutcomeText } from '../../../src/jobs/jobOutcomeText';
import { seedsHash } from '../../../src/core/seeds/seedsHash';

const UNITS = 10;
const CANCEL_AFTER = 3;

/** A block that answers at once and cancels the run once it has answered `cancelAfter` times. */
function countingBlock(state: { calls: number; cancelAfter?: number; controller?: AbortController }): NormalBlockDefinition {
  return {
    type: 'Count',
    name: 'Count',
    description: 'test',
    category: 'utilities',
    inputs: [],
    outputs: ['n'],
    isMultiplier: false,
    configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
    requiredFields: () => [],
    execute: async () => {
      state.calls++;
      if (state.cancelAfter !== undefined && state.calls >= state.cancelAfter) state.controller?.abort();
      return { output: { n: state.calls } };
    },
  };
}

const pipeline: PipelineFile = {
  version: 1,
  name: 'Counting',
  blocks: [{ id: 'count', type: 'Count', config: {}, position: { x: 0, y: 0 } }],
  edges: [
    { source: 'start', target: 'count' },
    { source: 'count', target: 'end' },
  ],
};
const seedsText = JSON.stringify([{ repetitions: UNITS, metadata: { topic: 'tea' } }]);

describe('job outcome: the job over every run, this run apart', () => {
  it('a job cancelled part way and resumed reports the whole job, and the resumed run separately', async () => {
    const store = new WorkspaceStore(await openMemoryStoreLog());
    const state: Parameters<typeof countingBlock>[0] = { calls: 0, cancelAfter: CANCEL_AFTER, controller: new AbortController() };
    const ctx = (signal?: AbortSignal): LaunchContext => ({
      store,
      registry: createBlockRegistry([countingBlock(state)]),
      llm: {} as LlmPort,
      settings: { ...DEFAULT_MODEL_SETTINGS, concurrency: 1 },
      signal,
    });
    const first = await startJob(ctx(state.controller?.signal), {
      pipelinePath: 'p.dgf.json',
      pipelineText: JSON.stringify(pipeline),
      pipeline,
      seedsPath: 'seeds.json',
      seedsHash: seedsHash(seedsText),
      seeds: parseSeeds(seedsText, 'seeds.json').seeds,
    });
    assert.equal(first.outcome.status, 'cancelled');
    const kept = first.outcome.generated;
    assert.ok(kept >= 1 && kept < UNITS, `kept ${kept}`);
    assert.deepEqual([first.outcome.total, first.outcome.thisRun.generated, first.outcome.thisRun.skipped], [UNITS, kept, 0]);

    state.cancelAfter = undefined;
    const resumed = await resumeJob(ctx(), first.job.id, 'resume', async () => seedsText);
    const o = resumed.outcome;
    assert.deepEqual([o.status, o.generated, o.failed, o.total], ['completed', UNITS, 0, UNITS], 'the job: every unit, as the Jobs view shows it');
    assert.deepEqual([o.thisRun.generated, o.thisRun.failed, o.thisRun.skipped], [UNITS - kept, 0, kept], 'this run: only the missing units');
    assert.ok(o.durationMs >= first.outcome.durationMs, 'the job’s time includes the first run');
    assert.ok(o.durationMs >= o.thisRun.durationMs);
    assert.equal(o.durationMs, resumed.job.elapsedMs);

    const text = jobOutcomeText('Counting', o);
    assert.match(text, new RegExp(`^DataGenFlow job ${o.jobId} \\(Counting\\) completed: ${UNITS} generated, 0 failed of ${UNITS} in \\d+:\\d\\d`));
    assert.match(text, new RegExp(` — this run: ${UNITS - kept} generated, 0 failed, ${kept} already done, in \\d+:\\d\\d$`));

    // Resuming the completed job again runs nothing: the job still reads complete, this run is zero.
    const again = await resumeJob(ctx(), first.job.id, 'resume', async () => seedsText);
    assert.deepEqual([again.outcome.generated, again.outcome.total], [UNITS, UNITS]);
    assert.deepEqual([again.outcome.thisRun.generated, again.outcome.thisRun.failed, again.outcome.thisRun.skipped], [0, 0, UNITS]);
    assert.deepEqual(again.outcome.thisRun.usage, { input_tokens: 0, output_tokens: 0, cached_tokens: 0 });
    assert.match(jobOutcomeText('Counting', again.outcome), /completed: 10 generated, 0 failed of 10 in .* — this run: 0 generated, 0 failed, 10 already done/);
  });

  it('a running job records signs of life between records, so a kill keeps the time of a long unit', async () => {
    const store = new WorkspaceStore(await openMemoryStoreLog());
    let jobId = 0;
    const waitsForHeartbeat: NormalBlockDefinition = {
      ...countingBlock({ calls: 0 }),
      // The only unit ends once the job's stored time has moved without any record: only a heartbeat does that.
      execute: async () => {
        while (!((store.jobRow(jobId)?.elapsedMs ?? 0) > 0)) await new Promise((r) => setTimeout(r, 5));
        return { output: { n: 1 } };
      },
    };
    const one = JSON.stringify([{ metadata: { topic: 'tea' } }]);
    const result = await startJob(
      { store, registry: createBlockRegistry([waitsForHeartbeat]), llm: {} as LlmPort, settings: DEFAULT_MODEL_SETTINGS, heartbeatMs: 5, onJobCreated: (job) => (jobId = job.id) },
      { pipelinePath: 'p.dgf.json', pipelineText: JSON.stringify(pipeline), pipeline, seedsPath: 'seeds.json', seedsHash: seedsHash(one), seeds: parseSeeds(one, 'seeds.json').seeds },
    );
    assert.equal(result.outcome.status, 'completed');
    assert.equal(result.outcome.generated, 1);
  });
});
