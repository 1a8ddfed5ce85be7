import assert from 'node:assert/strict';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { checkConnection } from '../../../src/core/pipeline/connectionRules';

const registry = createBlockRegistry();
const block = (id: string, type = 'TextGenerator') => ({ id, type, config: { user_prompt: 'x' }, position: { x: 0, y: 0 } });
const pipeline = (edges: [string, string][], blocks = [block('a'), block('b'), block('c')]) => ({
  version: 1,
  name: 'p',
  blocks,
  edges: edges.map(([source, target]) => ({ source, target })),
});

describe('connection rules (from the core graph checks)', () => {
  it('allows the edges that build a linear pipeline', () => {
    assert.deepEqual(checkConnection(pipeline([]), 'start', 'a', registry), { ok: true });
    assert.deepEqual(checkConnection(pipeline([['start', 'a']]), 'a', 'b', registry), { ok: true });
    assert.deepEqual(checkConnection(pipeline([['start', 'a'], ['a', 'b']]), 'b', 'end', registry), { ok: true });
  });

  const refused: [string, ReturnType<typeof pipeline>, string, string, RegExp][] = [
    ['a self-loop', pipeline([]), 'a', 'a', /connected to itself/],
    ['an edge into Start', pipeline([]), 'a', 'start', /Start cannot have incoming/],
    ['an edge out of End', pipeline([]), 'end', 'a', /End cannot have outgoing/],
    ['a repeated edge', pipeline([['a', 'b']]), 'a', 'b', /already connected/],
    ['a cycle', pipeline([['a', 'b'], ['b', 'c']]), 'c', 'a', /^Connecting "c" → "a" would close a loop: "c" → "a" → "b" → "c"\./],
    ['a branch', pipeline([['a', 'b']]), 'a', 'c', /^Connecting "a" → "c" would branch: "a" already connects to "b"\./],
    ['a merge', pipeline([['a', 'c']]), 'b', 'c', /^Connecting "b" → "c" would merge: "c" already has a connection from "a"\./],
    ['Start straight to End past the blocks', pipeline([]), 'start', 'end', /^Connecting Start → End would skip every block/],
    ['a multiplier after another block', pipeline([['start', 'a'], ['m', 'end']], [block('a'), { ...block('m', 'MarkdownMultiplierBlock'), config: { user_prompt: 'unused' } }]), 'a', 'm', /Multiplier block must be first/],
    ['an unknown block', pipeline([]), 'a', 'ghost', /^Connecting "a" → "ghost" is not possible: there is no block with the id "ghost"/],
  ];
  for (const [what, p, source, target, reason] of refused) {
    it(`refuses ${what}, saying why`, () => {
      const verdict = checkConnection(p, source, target, registry);
      assert.equal(verdict.ok, false);
      const said = (verdict as { reason: string }).reason;
      assert.match(said, reason);
      // The proposed edge is not in the file: no path into it, no "remove the edge" of an edge never added.
      assert.doesNotMatch(said, /edges\[|Remove the edge|remove the edge/);
    });
  }
});
