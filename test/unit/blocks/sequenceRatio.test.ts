import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sequenceRatio } from '../../../src/core/blocks/sequenceRatio';

interface Fixture {
  pairs: { a: string; b: string; ratio: number }[];
}

describe('sequenceRatio (Python difflib SequenceMatcher.ratio)', () => {
  it('equals CPython on 60 random pairs, autojunk (200+) and astral characters included', () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/blocks/difflib-ratios.json'), 'utf8')) as Fixture;
    assert.equal(fixture.pairs.length, 60);
    for (const { a, b, ratio } of fixture.pairs) assert.equal(sequenceRatio(a, b), ratio, `${a.length} vs ${b.length}`);
  });

  it('compares lists element by element', () => {
    assert.equal(sequenceRatio(['the', 'cat', 'sat'], ['the', 'dog', 'sat']), 2 / 3);
  });
});
