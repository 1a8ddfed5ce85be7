import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import type { EdgeSpec } from '../../../src/core/pipeline/pipelineTypes';
import { validatePipeline } from '../../../src/core/pipeline/validatePipeline';
import { fakeRegistry } from './fakeRegistry';
import { block, chain, pipeline, positionAt, positionOf, textOf } from './pipelineBuilders';
import { assertStartsAt, single, withCode } from './problemAssertions';

const registry = fakeRegistry();
const gen = block('gen', 'TextGenerator');
const check = block('check', 'JSONValidatorBlock');
const split = block('split', 'MarkdownMultiplierBlock');

function parse(blocks: ReturnType<typeof block>[], edges: EdgeSpec[]) {
  const text = textOf(pipeline(blocks, edges));
  return { text, problems: parsePipeline(text, registry).problems };
}

/** Where edges[index] starts in `text`: the index-th `{` after `"edges"`. */
function edgeStart(text: string, index: number) {
  let at = text.indexOf('"edges"');
  for (let i = 0; i <= index; i++) at = text.indexOf('{', at + 1);
  return positionAt(text, at);
}

describe('pipeline graph rules', () => {
  it('accepts Start → gen → check → End', () => {
    assert.deepEqual(validatePipeline(pipeline([gen, check]), registry), []);
  });

  it('reports an edge to an unknown node, listing the known ids', () => {
    const { text, problems } = parse([gen], [...chain('gen'), { source: 'gen', target: 'chek' }]);
    const problem = single(problems, 'edge-unknown-node');
    assert.equal(
      problem.message,
      'The target of the edge gen → chek (edges[2]) is "chek", but there is no node with that id. Known ids: "start", "gen", "end". Fix the id or remove the edge.',
    );
    assert.deepEqual(problem.path, ['edges', 2, 'target']);
    assertStartsAt(problem, positionOf(text, '"chek"'));
  });

  it('reports edges into Start and out of End', () => {
    const { text, problems } = parse([gen], [...chain('gen'), { source: 'gen', target: 'start' }, { source: 'end', target: 'gen' }]);
    const into = single(problems, 'start-incoming-edge');
    assert.equal(into.message, 'Start cannot have incoming edges, but the edge gen → start (edges[2]) goes into it. Remove the edge; Start is always first.');
    assertStartsAt(into, positionOf(text, '"start"', 2));
    const out = single(problems, 'end-outgoing-edge');
    assert.equal(out.message, 'End cannot have outgoing edges, but the edge end → gen (edges[3]) leaves it. Remove the edge; End is always last.');
    assert.deepEqual(out.path, ['edges', 3, 'source']);
  });

  it('reports an edge from Start straight to End when there are blocks', () => {
    const { problems } = parse([gen], [{ source: 'start', target: 'end' }, ...chain('gen')]);
    assert.equal(single(problems, 'edge-skips-blocks').message, 'The edge start → end (edges[0]) connects Start straight to End, skipping every block. Remove it.');
    assert.equal(problems.length, 1, 'and nothing else: the rest is a valid path');
  });

  it('warns about a repeated edge', () => {
    const { problems } = parse([gen], [...chain('gen'), { source: 'gen', target: 'end' }]);
    const problem = single(problems, 'edge-duplicate');
    assert.equal(problem.severity, 'warning');
    assert.equal(problems.length, 1);
  });

  it('reports a pipeline with no blocks', () => {
    const { text, problems } = parse([], [{ source: 'start', target: 'end' }]);
    const problem = single(problems, 'pipeline-empty');
    assert.equal(problem.message, 'The pipeline has no blocks. Add at least one block and connect Start → block → End.');
    assertStartsAt(problem, positionOf(text, '"blocks"'));
  });

  it('reports blocks not on a path from Start to End, saying which side is missing', () => {
    const { text, problems } = parse([gen, check, split, block('lone', 'TextGenerator')], [{ source: 'start', target: 'gen' }, { source: 'check', target: 'end' }, { source: 'split', target: 'split' }]);
    const found = withCode(problems, 'block-not-connected');
    assert.deepEqual(
      found.map((p) => p.message),
      [
        'Block "gen" (TextGenerator) is not connected: there is no path from it to End. Connect it between Start and End, or delete it; a pipeline with unconnected blocks cannot run.',
        'Block "check" (JSONValidatorBlock) is not connected: there is no path from Start to it. Connect it between Start and End, or delete it; a pipeline with unconnected blocks cannot run.',
        'Block "split" (MarkdownMultiplierBlock) is not connected: there is no path from Start to it, nor from it to End. Connect it between Start and End, or delete it; a pipeline with unconnected blocks cannot run.',
        'Block "lone" (TextGenerator) is not connected: it has no edges. Connect it between Start and End, or delete it; a pipeline with unconnected blocks cannot run.',
      ],
    );
    assert.deepEqual(found[3].path, ['blocks', 3]);
    assert.equal(found[3].blockId, 'lone');
    assertStartsAt(found[3], positionOf(text, '"lone"'));
    assert.equal(found[0].severity, 'error');
  });

  it('reports a cycle, naming its blocks in order', () => {
    const a = block('a', 'TextGenerator');
    const b = block('b', 'TextGenerator');
    const c = block('c', 'TextGenerator');
    const edges = [
      { source: 'start', target: 'a' },
      { source: 'a', target: 'b' },
      { source: 'b', target: 'c' },
      { source: 'c', target: 'a' },
      { source: 'c', target: 'end' },
    ];
    const { text, problems } = parse([a, b, c], edges);
    const problem = single(problems, 'pipeline-cycle');
    assert.equal(
      problem.message,
      'Blocks form a cycle: "a" (TextGenerator) → "b" (TextGenerator) → "c" (TextGenerator) → "a" (TextGenerator). Pipelines run once from Start to End without loops; remove the edge c → a (edges[3]) or another edge of the cycle.',
    );
    assert.deepEqual(problem.path, ['edges', 3]);
    assertStartsAt(problem, edgeStart(text, 3));
  });

  it('reports a block that loops onto itself', () => {
    const { problems } = parse([gen], [...chain('gen'), { source: 'gen', target: 'gen' }]);
    assert.match(single(problems, 'pipeline-cycle').message, /^Blocks form a cycle: "gen" \(TextGenerator\) → "gen" \(TextGenerator\)\./);
  });

  it('reports a branch: pipelines are linear', () => {
    const edges = [...chain('gen', 'check'), { source: 'gen', target: 'split' }, { source: 'split', target: 'end' }];
    const { text, problems } = parse([gen, check, split], edges);
    const branch = single(problems, 'pipeline-branch');
    assert.equal(
      branch.message,
      'Block "gen" (TextGenerator) has 2 outgoing edges (to "check", "split"). Pipelines are linear: blocks run one after another from Start to End, so every node has at most one next and one previous node. Remove the edge gen → split (edges[3]) and chain "split" after another block instead.',
    );
    assert.equal(branch.blockId, 'gen');
    assertStartsAt(branch, edgeStart(text, 3));
    const merge = single(problems, 'pipeline-merge');
    assert.match(merge.message, /^End has 2 incoming edges \(from "check", "split"\)\. Pipelines are linear/);
  });

  it('reports a second multiplier', () => {
    const second = block('split2', 'MarkdownMultiplierBlock');
    const { problems } = parse([split, second, gen], chain('split', 'split2', 'gen'));
    const problem = single(problems, 'multiplier-multiple');
    assert.equal(
      problem.message,
      'Only one multiplier block allowed per pipeline: "split" (MarkdownMultiplierBlock), "split2" (MarkdownMultiplierBlock) are all multipliers. Remove "split2" (MarkdownMultiplierBlock).',
    );
    assert.equal(problem.blockId, 'split2');
    assert.equal(problems.filter((p) => p.code === 'multiplier-not-first').length, 0);
  });

  it('reports a multiplier that is not first in execution order', () => {
    const { text, problems } = parse([split, gen], chain('gen', 'split'));
    const problem = single(problems, 'multiplier-not-first');
    assert.equal(
      problem.message,
      'Multiplier block must be first in pipeline: Block "split" (MarkdownMultiplierBlock) runs after "gen" (TextGenerator). Connect Start → "split" and move the other blocks after it.',
    );
    assertStartsAt(problem, positionOf(text, '"split"'));
  });

  it('reports every problem at once, not just the first', () => {
    const value = {
      ...pipeline([block('gen', 'TextGenerator', { temperature: 'x' }), block('gen', 'Nope'), block('x', 'Nope2')], [{ source: 'start', target: 'zz' }]),
      version: 3,
    };
    const codes = validatePipeline(value, registry).map((p) => p.code);
    for (const code of ['pipeline-schema', 'config-invalid', 'unknown-block-type', 'duplicate-block-id', 'edge-unknown-node', 'block-not-connected']) {
      assert.ok(codes.includes(code), `${code} in ${codes.join(', ')}`);
    }
    assert.equal(codes.filter((c) => c === 'unknown-block-type').length, 2);
  });

  it('checks the graph of a file that fails the schema, as far as it can be read', () => {
    const problems = validatePipeline({ version: 1, name: 'x', blocks: [gen, 42], edges: [{ source: 'start' }, ...chain('gen')] }, registry);
    assert.deepEqual(problems.map((p) => p.code), ['pipeline-schema', 'pipeline-schema']);
  });

  it('works without source text: paths but no ranges', () => {
    const [problem] = validatePipeline(pipeline([gen], []), registry);
    assert.equal(problem.code, 'block-not-connected');
    assert.deepEqual(problem.path, ['blocks', 0]);
    assert.equal(problem.range, undefined);
  });
});
