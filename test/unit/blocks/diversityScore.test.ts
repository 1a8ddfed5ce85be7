import assert from 'node:assert/strict';
import { diversityScore, listDiversity, similarity } from '../../../src/core/blocks/diversityScore';
import { runBlock } from '../helpers/blockHarness';

async function score(config: Record<string, unknown>, state: Record<string, unknown>): Promise<unknown> {
  const r = await runBlock(diversityScore, config, state);
  assert.ok('output' in r);
  assert.deepEqual(Object.keys(r.output), ['diversity_score']);
  return r.output.diversity_score;
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('DiversityScore', () => {
  it('declares the reference config', () => {
    const field = diversityScore.configSchema.properties.field_name;
    assert.equal(diversityScore.category, 'metrics');
    assert.deepEqual(diversityScore.outputs, ['diversity_score']);
    assert.equal(field.default, 'assistant');
    assert.equal(field.isFieldReference, true);
  });

  it('matches Python difflib SequenceMatcher.ratio() on known pairs', () => {
    // abcd/bcde: matching block "bcd" (3) → 2·3/8.
    assert.equal(similarity('abcd', 'bcde'), 0.75);
    // The difflib docs' example of order dependence: 0.25 one way, 0.5 the other.
    assert.equal(similarity('tide', 'diet'), 0.25);
    assert.equal(similarity('diet', 'tide'), 0.5);
    assert.equal(similarity('', ''), 1);
    assert.equal(similarity('abc', ''), 0);
    // Code points like Python's str: one emoji matches as one element → 2·1/4 (UTF-16 units would give 2·2/6).
    assert.equal(similarity('😀a', '😀b'), 0.5);
  });

  it("applies Python's autojunk heuristic to inputs of 200+ characters", () => {
    // b is 250 long, so elements occurring more than 250/100 + 1 times are "popular" and cannot seed a match; the
    // 100 a's still match by extension from the start → 2·100/500 = 0.4.
    assert.equal(similarity('a'.repeat(100) + 'b'.repeat(150), 'a'.repeat(100) + 'c'.repeat(150)), 0.4);
    // 'x' + 200 'y's vs 200 'y's: 'y' is popular in b, no match can start on it, and 'x' is not in b → ratio 0.
    // Without autojunk the 200 y's would match (ratio 2·200/401).
    assert.equal(similarity(`x${'y'.repeat(200)}`, 'y'.repeat(200)), 0);
  });

  it('scores the mean pairwise 1 − ratio of a list', async () => {
    assert.equal(await score({}, { assistant: ['abcd', 'bcde'] }), 0.25);
    // Pairs: (abcd, bcde) 0.25, (abcd, xyz) 1, (bcde, xyz) 1 → 2.25 / 3.
    close(listDiversity(['abcd', 'bcde', 'xyz']), 0.75);
    assert.equal(listDiversity(['same', 'same']), 0);
    assert.equal(listDiversity(['abc', 'xyz']), 1);
  });

  it('scores 0 for a single text, a short list or a missing field', async () => {
    assert.equal(await score({}, { assistant: 'just one text' }), 0);
    assert.equal(await score({}, { assistant: ['only'] }), 0);
    assert.equal(await score({}, { assistant: [] }), 0);
    assert.equal(await score({}, {}), 0);
  });

  it('reads the configured field and compares non-text items as JSON', async () => {
    assert.equal(await score({ field_name: 'variants' }, { variants: ['abcd', 'bcde'], assistant: 'x' }), 0.25);
    // {"a":1} vs {"a":2}: 7 characters each, 6 match → 1 − 12/14.
    close((await score({ field_name: 'v' }, { v: [{ a: 1 }, { a: 2 }] })) as number, 1 - 12 / 14);
  });

  // A missing field scores 0 (above), so Verify Seeds warns about it and never refuses the seed.
  it('reads its field as optional: a missing one is a score of 0, not a failure', () => {
    assert.deepEqual(diversityScore.requiredFields({}), []);
    assert.deepEqual(diversityScore.optionalFields?.({ field_name: 'variants' }).map((i) => i.anyOf), [['variants']]);
    assert.match(diversityScore.optionalFields?.({ field_name: 'assistant' })[0].whenMissing ?? '', /diversity_score 0/);
  });
});
