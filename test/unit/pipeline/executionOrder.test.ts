import assert from 'node:assert/strict';
import { executionOrder } from '../../../src/core/pipeline/executionOrder';
import { block, chain, pipeline } from './pipelineBuilders';

const ids = (blocks: { id: string }[]) => blocks.map((b) => b.id);

describe('executionOrder', () => {
  it('follows the edges, not the order of the blocks array', () => {
    const value = pipeline([block('c', 'X'), block('a', 'X'), block('b', 'X')], chain('a', 'b', 'c'));
    assert.deepEqual(ids(executionOrder(value)), ['a', 'b', 'c']);
  });

  it('returns the block objects themselves, unknown fields included', () => {
    const gen = { ...block('gen', 'TextGenerator'), color: 'red' };
    const [first] = executionOrder(pipeline([gen]));
    assert.equal(first, gen);
  });

  it('is empty for a pipeline with no path from Start to End', () => {
    assert.deepEqual(executionOrder(pipeline([block('a', 'X')], [])), []);
  });

  it('leaves out blocks that are not on a Start → End path', () => {
    const value = pipeline([block('a', 'X'), block('b', 'X'), block('dangling', 'X')], [...chain('a', 'b'), { source: 'a', target: 'dangling' }]);
    assert.deepEqual(ids(executionOrder(value)), ['a', 'b']);
  });

  it('is deterministic for invalid graphs: topological, ties in file order, cycles left out', () => {
    const branched = pipeline(
      [block('a', 'X'), block('c', 'X'), block('b', 'X')],
      [{ source: 'start', target: 'a' }, { source: 'a', target: 'b' }, { source: 'a', target: 'c' }, { source: 'b', target: 'end' }, { source: 'c', target: 'end' }],
    );
    assert.deepEqual(ids(executionOrder(branched)), ['a', 'c', 'b']);
    const looped = pipeline([block('a', 'X'), block('b', 'X')], [...chain('a', 'b'), { source: 'b', target: 'a' }]);
    assert.deepEqual(ids(executionOrder(looped)), []);
  });
});
