import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import { pipelineQuickFixes } from '../../../src/core/pipeline/pipelineQuickFixes';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';

const registry = createBlockRegistry();

function apply(text: string, changes: { offset: number; length: number; content: string }[]): string {
  // Changes are against the original text and non-overlapping: apply from the last one back.
  return [...changes].sort((a, b) => b.offset - a.offset).reduce((t, c) => t.slice(0, c.offset) + c.content + t.slice(c.offset + c.length), text);
}

describe('pipeline quick fixes (the text editor)', () => {
  // mirrors tests/blocks/test_ragas_metrics.py::TestRagasMetricsInit::test_threshold_clamped_high: the original
  // clamps 1.5 to 1.0; the text editor offers that value as a quick fix on the diagnostic.
  it('offers the clamped score_threshold at the diagnostic and changes only that value', () => {
    const text = serializePipeline({
      version: 1,
      name: 'Ragas',
      blocks: [
        { id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Answer {{ question }}', temperature: 0.7 }, position: { x: 0, y: 0 } },
        { id: 'ragas', type: 'RagasMetrics', config: { score_threshold: 1.5 }, position: { x: 0, y: 150 } },
      ],
      edges: [{ source: 'start', target: 'gen' }, { source: 'gen', target: 'ragas' }, { source: 'ragas', target: 'end' }],
    });
    const fixes = pipelineQuickFixes(text, registry);
    assert.equal(fixes.length, 1);
    const [fix] = fixes;
    assert.equal(fix.title, 'Set score_threshold to 1');
    const problem = parsePipeline(text, registry).problems.find((p) => p.fix);
    assert.deepEqual(fix.range, problem?.range, 'on the diagnostic of the problem');
    assert.equal(fix.code, 'config-invalid');
    const fixed = apply(text, fix.changes);
    assert.equal(fixed, text.replace('"score_threshold": 1.5', '"score_threshold": 1'));
    assert.deepEqual(pipelineQuickFixes(fixed, registry), []);
    assert.deepEqual(parsePipeline(fixed, registry).problems.filter((p) => p.severity === 'error'), []);
  });
});
