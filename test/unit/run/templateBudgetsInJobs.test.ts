import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockSpec } from '../../../src/core/pipeline/pipelineTypes';
import { runJob } from '../../../src/core/run/jobRunner';
import type { UnitResult } from '../../../src/core/records/unitResult';
import { TemplateRenderer } from '../../../src/core/templates/templateRenderer';
import { ScriptedLlm } from '../helpers/scriptedLlm';

// A template over a budget fails its unit, with the block, the field and the limit, and the job goes on; a cancel
// during a render ends the job at once. The old renderer rendered on the runner's thread: these jobs hung on the
// second seed (mocha's timeout fails them) and a cancel could not interrupt it.
const block = (config: Record<string, unknown>, type = 'TextGenerator'): BlockSpec => ({ id: 'gen', type, config, position: { x: 0, y: 0 } });
const sinkOf = (results: UnitResult[]) => ({ write: async (r: UnitResult) => void results.push(r) });
const loops = '{% for i in range(n) %}{% for j in range(n) %}x{% endfor %}{% endfor %}';

describe('template budgets in a job', function () {
  this.timeout(30_000);

  it('a unit whose template goes over a budget fails with the block, field and limit; the other units are generated', async () => {
    const results: UnitResult[] = [];
    const summary = await runJob({
      jobId: 'j',
      blocks: [block({ user_prompt: `{{ topic }}${loops}` })],
      seeds: [
        { repetitions: 1, metadata: { topic: 'small', n: 3 } },
        { repetitions: 1, metadata: { topic: 'huge range', n: 100000000 } },
        { repetitions: 1, metadata: { topic: 'slow', n: 100000 } },
        { repetitions: 1, metadata: { topic: 'small again', n: 2 } },
      ],
      registry: createBlockRegistry(),
      llm: new ScriptedLlm((r) => `len ${r.messages[0].content.length}`),
      sink: sinkOf(results),
      concurrency: 2,
      renderLimits: { timeoutMs: 300 },
    });
    assert.equal(summary.status, 'completed');
    assert.equal(summary.succeeded, 2);
    assert.equal(summary.failed, 2);
    const byTopic = new Map(results.map((r) => [r.metadata.topic, r]));
    assert.equal(byTopic.get('small')?.output?.assistant, 'len 14');
    assert.equal(byTopic.get('small again')?.output?.assistant, 'len 15');
    // The block is named once, at the start (not "Block 'gen' (TextGenerator) failed: Block 'gen' …").
    assert.match(byTopic.get('huge range')?.error?.message ?? '', /^Block 'gen' \(TextGenerator\), user_prompt: range\(100000000\) would build 100,000,000 items/);
    assert.match(byTopic.get('slow')?.error?.message ?? '', /Block 'gen' \(TextGenerator\), user_prompt: rendering took longer than the 300 ms time budget.*datagenflow\.templates\.renderTimeoutMs/);
    assert.equal(byTopic.get('slow')?.error?.blockId, 'gen');
  });

  it("FieldMapper leaves a field empty when its template fails, but a budget hit fails the unit", async () => {
    const results: UnitResult[] = [];
    const summary = await runJob({
      jobId: 'j',
      blocks: [block({ mappings: { a: '{{ missing }}', b: '{{ x | center(100000000) }}' } }, 'FieldMapper')],
      seeds: [{ repetitions: 1, metadata: { x: 'x', missing: undefined } }],
      registry: createBlockRegistry(),
      llm: new ScriptedLlm(),
      sink: sinkOf(results),
      concurrency: 1,
    });
    assert.equal(summary.failed, 1);
    assert.match(results[0].error?.message ?? '', /mappings\.b: center\(100000000\) would build 95\.4 MB of text, over the 1 MB output budget/);
  });

  it('a cancel during a render ends the job at once, without recording the unit', async () => {
    const results: UnitResult[] = [];
    const controller = new AbortController();
    const renderer = new TemplateRenderer({ limits: { timeoutMs: 600_000 } });
    try {
      const job = runJob({
        jobId: 'j',
        blocks: [block({ user_prompt: loops })],
        seeds: [{ repetitions: 3, metadata: { n: 100000 } }],
        registry: createBlockRegistry(),
        llm: new ScriptedLlm(),
        sink: sinkOf(results),
        concurrency: 1,
        signal: controller.signal,
        renderer,
      });
      while (renderer.rendering === 0) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      const summary = await job;
      assert.equal(summary.status, 'cancelled');
      assert.deepEqual(results, []);
      assert.equal(renderer.rendering, 0);
    } finally {
      await renderer.close();
    }
  });
});
