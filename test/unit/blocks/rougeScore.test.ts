import assert from 'node:assert/strict';
import { rouge, rougeScore } from '../../../src/core/blocks/rougeScore';
import { porterStem, rougeTokens } from '../../../src/core/blocks/rougeTokens';
import { BlockExecutionError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';

async function score(config: Record<string, unknown>, state: Record<string, unknown>): Promise<number> {
  const r = await runBlock(rougeScore, config, state);
  assert.ok('output' in r);
  assert.deepEqual(Object.keys(r.output), ['rouge_score']);
  return r.output.rouge_score as number;
}

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

// rouge_score's README example: score(target, prediction) with use_stemmer=True.
const REFERENCE = 'The quick brown fox jumps over the lazy dog';
const GENERATED = 'The quick brown dog jumps on the log.';

describe('RougeScore', () => {
  it('declares the reference config', () => {
    const props = rougeScore.configSchema.properties;
    assert.equal(rougeScore.name, 'ROUGE Score');
    assert.equal(rougeScore.category, 'metrics');
    assert.deepEqual(rougeScore.outputs, ['rouge_score']);
    assert.deepEqual([props.generated_field.default, props.reference_field.default, props.rouge_type.default], ['assistant', 'reference', 'rouge1']);
    assert.deepEqual(props.rouge_type.enum, ['rouge1', 'rouge2', 'rougeL']);
    assert.equal(props.generated_field.isFieldReference, true);
    assert.equal(props.reference_field.isFieldReference, true);
  });

  it("tokenizes like rouge_score: lowercase, [a-z0-9]+ runs, Porter stems only for tokens longer than 3", () => {
    // jumps → jump, lazy → lazi (Porter), dog's → dog + s, "the"/"fox" are too short to stem.
    assert.deepEqual(rougeTokens("The lazy dog's 2 foxes jumps, fox!"), ['the', 'lazi', 'dog', 's', '2', 'fox', 'jump', 'fox']);
    assert.deepEqual(rougeTokens('¿¡ --- !!'), []);
  });

  it("stems like NLTK's PorterStemmer (rouge_score's stemmer), including its extensions", () => {
    const stems = ['running', 'caresses', 'generalization', 'dying', 'dies', 'tied', 'carefully', 'careful', 'biology', 'biological', 'news', 'skies'].map(porterStem);
    assert.deepEqual(stems, ['run', 'caress', 'gener', 'die', 'die', 'tie', 'care', 'care', 'biolog', 'biolog', 'news', 'sky']);
  });

  it('identical texts score 1 and disjoint texts 0, for every type', () => {
    for (const type of ['rouge1', 'rouge2', 'rougeL'] as const) {
      assert.equal(rouge(type, REFERENCE, REFERENCE), 1, type);
      assert.equal(rouge(type, 'alpha beta gamma', 'delta epsilon zeta'), 0, type);
    }
  });

  it('rouge1 on the rouge_score README pair', async () => {
    // Tokens: generated the quick brown dog jump on the log (8); reference the quick brown fox jump over the lazi dog (9).
    // Unigram overlap (clipped counts): the×2, quick, brown, dog, jump = 6 → P 6/8, R 6/9, F = 2PR/(P+R) = 12/17.
    close(await score({}, { assistant: GENERATED, reference: REFERENCE }), 12 / 17);
  });

  it('rouge2 on the same pair', async () => {
    // Bigrams: 7 generated, 8 reference; shared "the quick", "quick brown" = 2 → P 2/7, R 2/8, F = 4/15.
    close(await score({ rouge_type: 'rouge2' }, { assistant: GENERATED, reference: REFERENCE }), 4 / 15);
  });

  it('rougeL on the same pair', async () => {
    // LCS: the quick brown jump the = 5 → P 5/8, R 5/9, F = 10/17 (rouge_score README: 0.5882…).
    close(await score({ rouge_type: 'rougeL' }, { assistant: GENERATED, reference: REFERENCE }), 10 / 17);
  });

  it('word order matters for rouge2 and rougeL but not rouge1', () => {
    assert.equal(rouge('rouge1', 'a b c', 'c b a'), 1);
    assert.equal(rouge('rouge2', 'a b c', 'c b a'), 0);
    close(rouge('rougeL', 'a b c', 'c b a'), 1 / 3); // LCS 1 of 3 on both sides
  });

  it('clips repeated n-grams to their count in the other text', () => {
    // "the" ×4 against "the cat": overlap min(4, 1) = 1 → P 1/4, R 1/2, F = 1/3.
    close(rouge('rouge1', 'the the the the', 'the cat'), 1 / 3);
  });

  it('matches inflections through stemming, case and punctuation', () => {
    // Tokens: the cat were run / the cat was run → 3 of 4 on both sides → 0.75.
    assert.equal(rouge('rouge1', 'The cats were running', 'the cat was run'), 0.75);
    assert.equal(rouge('rouge1', 'Hello, World!', 'hello world'), 1);
    // NLTK extensions: carefully ~ careful, dying ~ die (plain Porter would give carefulli / dy and score 0).
    assert.equal(rouge('rouge1', 'carefully dying', 'careful die'), 1);
  });

  it('scores 0 when either side is empty, missing or has no tokens', async () => {
    assert.equal(await score({}, { assistant: '', reference: REFERENCE }), 0);
    assert.equal(await score({}, { assistant: GENERATED }), 0);
    assert.equal(await score({}, { assistant: '?!', reference: REFERENCE }), 0);
    assert.equal(rouge('rouge2', 'one', 'one'), 0); // a single token has no bigram
  });

  it('reads the configured fields', async () => {
    const state = { answer: 'red apples', gold: 'red apple', assistant: 'x', reference: 'y' };
    assert.equal(await score({ generated_field: 'answer', reference_field: 'gold' }, state), 1);
  });

  it('rejects an unknown rouge_type', async () => {
    await assert.rejects(runBlock(rougeScore, { rouge_type: 'rougeLsum' }, { assistant: 'a', reference: 'a' }), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /rouge_type must be one of rouge1, rouge2, rougeL/);
      return true;
    });
  });

  // mirrors tests/blocks/test_rouge_score.py::test_rouge_score_empty: without its texts the block scores 0, so
  // neither field is required of the seed (Verify Seeds warns instead).
  it('reads both fields as optional: a missing one is a score of 0, not a failure', async () => {
    assert.deepEqual(rougeScore.requiredFields({}), []);
    assert.deepEqual(rougeScore.optionalFields?.({ generated_field: 'answer', reference_field: 'gold' }).map((i) => i.anyOf), [['answer'], ['gold']]);
    assert.deepEqual(rougeScore.optionalFields?.({ generated_field: 'same', reference_field: 'same' }).map((i) => i.anyOf), [['same']]);
    assert.equal(await score({ generated_field: 'assistant', reference_field: 'reference', rouge_type: 'rouge1' }, {}), 0);
  });
});
