import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockDefinition, MultiplierBlockDefinition } from '../../../src/core/blocks/blockTypes';
import { LlmError } from '../../../src/core/errors';
import type { BlockSpec } from '../../../src/core/pipeline/pipelineTypes';
import { runJob } from '../../../src/core/run/jobRunner';
import type { RunOptions, RunProgress } from '../../../src/core/run/runTypes';
import type { UnitResult } from '../../../src/core/records/unitResult';
import type { Seed } from '../../../src/core/seeds/seedTypes';
import { abortableDelay, ScriptedLlm } from '../helpers/scriptedLlm';

class MemorySink {
  readonly results: UnitResult[] = [];
  failAfter = Infinity;
  async write(r: UnitResult): Promise<void> {
    if (this.results.length >= this.failAfter) throw new Error('disk full');
    this.results.push(r);
  }
  keys(): string[] {
    return this.results.map((r) => r.key).sort();
  }
}

const gen = (id: string, prompt: string): BlockSpec => ({ id, type: 'TextGenerator', config: { user_prompt: prompt }, position: { x: 0, y: 0 } });
const twoBlocks = [gen('g1', 'Q about {{ topic }}'), gen('g2', 'Answer: {{ assistant }}')];
const seeds = (n: number, reps = 1): Seed[] => Array.from({ length: n }, (_, i) => ({ repetitions: reps, metadata: { topic: `t${i}` } }));

function options(overrides: Partial<RunOptions> & Pick<RunOptions, 'llm' | 'sink'>): RunOptions {
  return { jobId: 'j1', blocks: twoBlocks, seeds: seeds(3), registry: createBlockRegistry(), concurrency: 4, ...overrides };
}

describe('runJob', () => {
  it('runs seeds × repetitions through the blocks and stores each record with a lean trace', async () => {
    const sink = new MemorySink();
    const llm = new ScriptedLlm((r) => `re: ${r.messages[0].content}`);
    const summary = await runJob(options({ llm, sink, seeds: seeds(2, 2) }));
    assert.equal(summary.status, 'completed');
    assert.equal(summary.total, 4);
    assert.equal(summary.succeeded, 4);
    assert.equal(summary.failed, 0);
    assert.deepEqual(sink.keys(), ['s0.r0', 's0.r1', 's1.r0', 's1.r1']);
    const r = sink.results.find((x) => x.key === 's1.r0');
    assert.ok(r);
    assert.deepEqual(r.metadata, { topic: 't1' });
    assert.equal(r.output?.assistant, 're: Answer: re: Q about t1');
    assert.equal(r.output?.topic, 't1');
    assert.deepEqual(r.trace.map((t) => [t.block_id, t.block_type, t.error]), [['g1', 'TextGenerator', null], ['g2', 'TextGenerator', null]]);
    assert.equal(r.trace[0].output?.assistant, 're: Q about t1');
    assert.ok(!('input' in r.trace[0]), 'trace entries do not copy the state');
    assert.deepEqual(r.usage, { input_tokens: 20, output_tokens: 10, cached_tokens: 2 });
    assert.deepEqual(summary.usage, { input_tokens: 80, output_tokens: 40, cached_tokens: 8 });
  });

  it('stores a failing unit as failed with its error and trace, and goes on', async () => {
    const sink = new MemorySink();
    const llm = new ScriptedLlm((r) => (r.messages[0].content.includes('t1') ? new LlmError('bad-request', 'context too long', 400) : 'ok'));
    const summary = await runJob(options({ llm, sink }));
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 2);
    assert.equal(summary.failed, 1);
    assert.equal(summary.succeeded + summary.failed, summary.total);
    const failed = sink.results.find((r) => r.status === 'failed');
    assert.ok(failed);
    assert.equal(failed.key, 's1.r0');
    assert.equal(failed.output, null);
    assert.equal(failed.error?.blockId, 'g1');
    assert.match(failed.error?.message ?? '', /Block 'g1' \(TextGenerator\) failed: context too long/);
    assert.equal(failed.trace.length, 1);
    assert.equal(failed.trace[0].error, failed.error?.message);
    assert.equal(failed.trace[0].output, null);
  });

  it('a template error fails the unit and names the variable and block', async () => {
    const sink = new MemorySink();
    const summary = await runJob(options({ llm: new ScriptedLlm(), sink, blocks: [gen('g1', '{{ nope }}')], seeds: seeds(1) }));
    assert.equal(summary.failed, 1);
    assert.match(sink.results[0].error?.message ?? '', /undefined variable 'nope'/);
  });

  it('rejects undeclared outputs from a block', async () => {
    const rogue: BlockDefinition = {
      type: 'Rogue', name: 'Rogue', description: '', category: 'general', inputs: [], outputs: ['a'], isMultiplier: false,
      configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
      requiredFields: () => [],
      execute: async () => ({ output: { a: 1, b: 2 } }),
    };
    const sink = new MemorySink();
    await runJob(options({ llm: new ScriptedLlm(), sink, registry: createBlockRegistry([rogue]), blocks: [{ id: 'r', type: 'Rogue', config: {}, position: { x: 0, y: 0 } }], seeds: seeds(1) }));
    assert.match(sink.results[0].error?.message ?? '', /undeclared output\(s\) b/);
  });

  it('runs units concurrently up to the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const llm = new ScriptedLlm(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return 'x';
    });
    await runJob(options({ llm, sink: new MemorySink(), seeds: seeds(20), concurrency: 5, blocks: [gen('g1', '{{ topic }}')] }));
    assert.equal(peak, 5);
  });

  it('cancel stops at once: in-flight requests are aborted, nothing new starts, finished records are kept', async () => {
    const controller = new AbortController();
    const sink = new MemorySink();
    let started = 0;
    const llm = new ScriptedLlm(async (r) => {
      started++;
      if (r.messages[0].content === 'slow') await new Promise(() => {});
      return 'fast';
    });
    const signalled: Promise<void>[] = [];
    const wrapped = {
      chat: (req: Parameters<ScriptedLlm['chat']>[0], signal: AbortSignal) => {
        if (req.messages[0].content === 'slow') {
          const p = abortableDelay(60_000, signal).then(() => llm.chat(req, signal));
          signalled.push(p.then(() => undefined, () => undefined));
          started++;
          return p;
        }
        return llm.chat(req, signal);
      },
      embed: llm.embed.bind(llm),
    };
    const slowSeeds: Seed[] = [{ repetitions: 1, metadata: { p: 'fast' } }, { repetitions: 5, metadata: { p: 'slow' } }];
    const run = runJob(options({ llm: wrapped, sink, seeds: slowSeeds, concurrency: 2, blocks: [gen('g1', '{{ p }}')], signal: controller.signal }));
    // Cancel once the fast unit is stored and two slow requests are in flight (a state, not a delay: templates
    // render in worker threads, which take a moment to start).
    while (sink.results.length < 1 || signalled.length < 2) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const summary = await run;
    await Promise.all(signalled);
    assert.equal(summary.status, 'cancelled');
    assert.deepEqual(sink.keys(), ['s0.r0']);
    assert.equal(summary.succeeded, 1);
    assert.equal(summary.failed, 0);
    assert.equal(started, 3, 'only the first two slow units started, then nothing new');
  });

  it('resume runs exactly the units not done yet', async () => {
    const sink = new MemorySink();
    const summary = await runJob(options({ llm: new ScriptedLlm(), sink, seeds: seeds(3, 2), doneKeys: new Set(['s0.r0', 's1.r1', 's2.r0']) }));
    assert.deepEqual(sink.keys(), ['s0.r1', 's1.r0', 's2.r1']);
    assert.equal(summary.total, 6);
    assert.equal(summary.skipped, 3);
    assert.equal(summary.succeeded, 3);
  });

  it('retry runs only the given keys', async () => {
    const sink = new MemorySink();
    await runJob(options({ llm: new ScriptedLlm(), sink, seeds: seeds(3), onlyKeys: new Set(['s2.r0']) }));
    assert.deepEqual(sink.keys(), ['s2.r0']);
  });

  it('stops with status stopped when a token constraint is reached', async () => {
    const sink = new MemorySink();
    const summary = await runJob(options({ llm: new ScriptedLlm(), sink, seeds: seeds(10), concurrency: 1, constraints: { max_total_tokens: 40 } }));
    assert.equal(summary.status, 'stopped');
    assert.equal(summary.reason, 'max_total_tokens reached: 64 of 40');
    assert.equal(sink.results.length, 2);
  });

  it('counts usage of earlier runs against constraints: a limit they reached starts no unit', async () => {
    const sink = new MemorySink();
    const summary = await runJob(options({ llm: new ScriptedLlm(), sink, constraints: { max_total_output_tokens: 100 }, previousUsage: { input_tokens: 0, output_tokens: 101, cached_tokens: 0 } }));
    assert.equal(summary.status, 'stopped');
    assert.match(summary.reason ?? '', /^max_total_output_tokens reached: 101 of 100 by earlier runs of this job/);
    assert.equal(sink.results.length, 0);
  });

  it('stops when the time constraint runs out', async () => {
    const llm = new ScriptedLlm(async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 'x';
    });
    const sink = new MemorySink();
    const summary = await runJob(options({ llm, sink, seeds: seeds(200), concurrency: 1, blocks: [gen('g1', '{{ topic }}')], constraints: { max_total_execution_time: 0.1 } }));
    assert.equal(summary.status, 'stopped');
    assert.match(summary.reason ?? '', /max_total_execution_time/);
    assert.ok(sink.results.length < 200);
  });

  it('unlimited constraints (-1 / null) never stop', async () => {
    const summary = await runJob(options({ llm: new ScriptedLlm(), sink: new MemorySink(), constraints: { max_total_tokens: -1, max_total_execution_time: null } }));
    assert.equal(summary.status, 'completed');
  });

  it('fails the job when the sink cannot store results', async () => {
    const sink = new MemorySink();
    sink.failAfter = 1;
    const summary = await runJob(options({ llm: new ScriptedLlm(), sink, concurrency: 1 }));
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason ?? '', /Could not store results: disk full/);
    assert.equal(summary.succeeded, 1);
  });

  it('reports progress with the current block and seed', async () => {
    const events: RunProgress[] = [];
    await runJob(options({ llm: new ScriptedLlm(), sink: new MemorySink(), concurrency: 1, onProgress: (p) => events.push({ ...p }) }));
    assert.ok(events.some((e) => e.currentBlock === 'g2' && e.currentSeed === 2));
    const last = events.at(-1);
    assert.equal(last?.succeeded, 3);
    assert.equal(last?.total, 3);
    assert.equal(last?.totalSeeds, 3);
  });

  it('progress names the block by its name when the pipeline gives one, else by its id, never by its type', async () => {
    const events: RunProgress[] = [];
    const blocks: BlockSpec[] = [{ ...gen('ask', 'Q about {{ topic }}'), name: 'Ask the question' }, { ...gen('answer', 'A: {{ assistant }}'), name: '  ' }];
    await runJob(options({ llm: new ScriptedLlm(), sink: new MemorySink(), concurrency: 1, blocks, seeds: seeds(1), onProgress: (p) => events.push({ ...p }) }));
    assert.deepEqual([...new Set(events.map((e) => e.currentBlock).filter(Boolean))], ['Ask the question', 'answer']);
  });

  describe('multiplier pipelines', () => {
    const splitter: MultiplierBlockDefinition = {
      type: 'Splitter', name: 'Splitter', description: '', category: 'seeders', inputs: ['file_content'], outputs: ['chunk_text', 'chunk_index'], isMultiplier: true,
      configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
      requiredFields: () => ['file_content'],
      execute: async (ctx) => {
        const text = String(ctx.state.file_content);
        if (text === 'boom') throw new Error('cannot split');
        return { items: text.split('|').map((chunk_text, chunk_index) => ({ chunk_text, chunk_index })) };
      },
    };
    const blocks: BlockSpec[] = [{ id: 'm', type: 'Splitter', config: {}, position: { x: 0, y: 0 } }, gen('g', 'Q on {{ chunk_text }}')];
    const registry = createBlockRegistry([splitter]);

    it('each chunk becomes a unit keyed by (seed, chunk) with the chunk as its state', async () => {
      const sink = new MemorySink();
      const summary = await runJob(options({ llm: new ScriptedLlm(), sink, registry, blocks, seeds: [{ repetitions: 1, metadata: { file_content: 'a|b|c' } }] }));
      assert.deepEqual(sink.keys(), ['s0.c0', 's0.c1', 's0.c2']);
      assert.equal(summary.total, 3);
      const c1 = sink.results.find((r) => r.key === 's0.c1');
      assert.deepEqual(c1?.metadata, { chunk_text: 'b', chunk_index: 1 });
      assert.equal(c1?.output?.assistant, 'Echo: Q on b');
    });

    it('progress names the multiplier by its name while it splits a seed', async () => {
      const events: RunProgress[] = [];
      const named: BlockSpec[] = [{ ...blocks[0], name: 'Split the document' }, blocks[1]];
      await runJob(options({ llm: new ScriptedLlm(), sink: new MemorySink(), registry, blocks: named, concurrency: 1, seeds: [{ repetitions: 1, metadata: { file_content: 'a|b' } }], onProgress: (p) => events.push({ ...p }) }));
      assert.deepEqual([...new Set(events.map((e) => e.currentBlock).filter(Boolean))], ['Split the document', 'g']);
    });

    it('resume skips chunks already done', async () => {
      const sink = new MemorySink();
      await runJob(options({ llm: new ScriptedLlm(), sink, registry, blocks, seeds: [{ repetitions: 1, metadata: { file_content: 'a|b|c' } }], doneKeys: new Set(['s0.c0', 's0.c2']) }));
      assert.deepEqual(sink.keys(), ['s0.c1']);
    });

    it('a failing multiplier becomes one failed unit for its seed', async () => {
      const sink = new MemorySink();
      const summary = await runJob(options({ llm: new ScriptedLlm(), sink, registry, blocks, seeds: [{ repetitions: 1, metadata: { file_content: 'boom' } }, { repetitions: 1, metadata: { file_content: 'x' } }] }));
      assert.deepEqual(sink.keys(), ['s0', 's1.c0']);
      assert.equal(summary.failed, 1);
      assert.equal(summary.total, 2);
      assert.match(sink.results.find((r) => r.key === 's0')?.error?.message ?? '', /cannot split/);
    });

    it('a multiplier producing more chunks than the job may have fails the job, with no unit of the excess run', async () => {
      const sink = new MemorySink();
      const summary = await runJob(options({ llm: new ScriptedLlm(), sink, registry, blocks, maxUnits: 4, seeds: [{ repetitions: 1, metadata: { file_content: 'a|b|c|d|e|f' } }] }));
      assert.equal(summary.status, 'failed');
      assert.match(summary.reason ?? '', /^The job has 6 units \(chunks\), more than the 4 a job may have/);
      assert.equal(sink.results.length, 0);
    });
  });

  describe('unit limit and lazy units', () => {
    it('refuses a job over the unit limit before any unit runs', async () => {
      const sink = new MemorySink();
      let calls = 0;
      const llm = new ScriptedLlm(async () => {
        calls++;
        return 'x';
      });
      const summary = await runJob(options({ llm, sink, seeds: [{ repetitions: 1e9, metadata: { topic: 't' } }] }));
      assert.equal(summary.status, 'failed');
      assert.match(summary.reason ?? '', /^The job has 1,000,000,000 units \(seeds\), more than the 1,000,000 a job may have \(setting datagenflow\.maxUnitsPerJob\)/);
      assert.equal(sink.results.length, 0);
      assert.equal(calls, 0);
      const limited = await runJob(options({ llm, sink, seeds: seeds(3, 2), maxUnits: 5 }));
      assert.equal(limited.status, 'failed');
      assert.match(limited.reason ?? '', /6 units/);
    });

    it('pulls units as workers have capacity: seeds are read only a few units ahead', async () => {
      const reads: number[] = [];
      const seedList = {
        length: 1000,
        at: (i: number): Seed => {
          reads.push(i);
          return { repetitions: 1, metadata: { topic: `t${i}` } };
        },
        repetitionsAt: () => 1,
        *[Symbol.iterator]() {
          for (let i = 0; i < 1000; i++) yield seedList.at(i);
        },
      };
      const controller = new AbortController();
      const sink = new MemorySink();
      const llm = new ScriptedLlm(async () => {
        if (sink.results.length >= 3) controller.abort();
        return 'x';
      });
      const summary = await runJob(options({ llm, sink, seeds: seedList, concurrency: 2, blocks: [gen('g1', '{{ topic }}')], signal: controller.signal }));
      assert.equal(summary.status, 'cancelled');
      assert.equal(summary.total, 1000, 'the total is known without listing the units');
      assert.ok(reads.length <= 6, `read ${reads.length} seeds for ${sink.results.length} results`);
    });
  });
});
