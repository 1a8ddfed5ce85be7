import assert from 'node:assert/strict';
import { minHashSignature, signatureSimilarity, textFingerprint } from '../../../src/core/report/minHash';
import { NearDuplicateIndex } from '../../../src/core/report/nearDuplicateIndex';
import { prose } from './reportFixture';

/** Exact Jaccard similarity of the 3-word shingle sets, to check the estimate against. */
function jaccard(a: string, b: string): number {
  const shingles = (t: string) => {
    const w = t.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    return new Set(w.slice(2).map((_, i) => w.slice(i, i + 3).join(' ')));
  };
  const sa = shingles(a);
  const sb = shingles(b);
  const inter = [...sa].filter((s) => sb.has(s)).length;
  return inter / (sa.size + sb.size - inter);
}

describe('MinHash near-duplicates', () => {
  const text = 'The committee reviewed the proposal carefully and decided that the annual budget should be increased next year, mainly to cover the maintenance of the old bridges and the new library in the town centre.';
  const edited = text.replace('carefully', 'thoroughly').replace('town centre.', 'town centre, as planned.');
  const unrelated = 'Photosynthesis converts light energy into chemical energy stored in glucose, releasing oxygen as a by-product in the chloroplasts of green plants.';

  it('estimates the Jaccard similarity of word shingles: high for an edited copy, near zero for unrelated text', () => {
    const a = minHashSignature(text);
    const b = minHashSignature(edited);
    const c = minHashSignature(unrelated);
    assert.ok(a && b && c);
    assert.equal(signatureSimilarity(a, minHashSignature(text.toUpperCase().replace(/,/g, ' ,')) as Uint32Array), 1, 'case and punctuation do not count');
    const estimate = signatureSimilarity(a, b);
    assert.ok(Math.abs(estimate - jaccard(text, edited)) < 0.2, `estimate ${estimate} vs exact ${jaccard(text, edited)}`);
    assert.ok(signatureSimilarity(a, c) < 0.2);
    assert.equal(minHashSignature('  ... !! '), undefined);
    assert.ok(minHashSignature('hi'), 'a text shorter than a shingle is one shingle');
  });

  it('hashes the word sequence for exact duplicates: case, punctuation and spacing aside, order and words count', () => {
    const words = (t: string) => textFingerprint(t).words;
    assert.equal(words('The sky is blue.'), words('  the SKY, is blue!'));
    assert.notEqual(words('The sky is blue.'), words('The blue is sky.'));
    assert.notEqual(words('The sky is blue.'), words('The sky is blue too.'));
    assert.notEqual(words('ab c'), words('a bc'));
    assert.ok(Number.isSafeInteger(words(text)));
  });

  it('finds the near-duplicate through the LSH bands and not the unrelated texts', () => {
    const index = new NearDuplicateIndex();
    index.add(1, minHashSignature(text) as Uint32Array);
    for (let i = 0; i < 200; i++) index.add(100 + i, minHashSignature(prose(i, 60)) as Uint32Array);
    const found = index.query(minHashSignature(edited) as Uint32Array);
    assert.equal(found?.id, 1);
    assert.ok((found?.similarity ?? 0) >= 0.8);
    assert.equal(index.query(minHashSignature(unrelated) as Uint32Array), undefined);
    assert.equal(index.count, 201);
  });
});
