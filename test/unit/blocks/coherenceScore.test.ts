import assert from 'node:assert/strict';
import { coherence, coherenceScore } from '../../../src/core/blocks/coherenceScore';
import { runBlock } from '../helpers/blockHarness';

async function score(config: Record<string, unknown>, state: Record<string, unknown>): Promise<unknown> {
  const r = await runBlock(coherenceScore, config, state);
  assert.ok('output' in r);
  assert.deepEqual(Object.keys(r.output), ['coherence_score']);
  return r.output.coherence_score;
}

describe('CoherenceScore', () => {
  it('declares the reference config', () => {
    const field = coherenceScore.configSchema.properties.field_name;
    assert.equal(coherenceScore.category, 'metrics');
    assert.deepEqual(coherenceScore.outputs, ['coherence_score']);
    assert.equal(field.default, 'assistant');
    assert.equal(field.isFieldReference, true);
  });

  it('scores average words per sentence over 20', async () => {
    // 6 words, 2 sentences → 3 words per sentence → 3/20.
    assert.equal(await score({}, { assistant: 'One two three. Four five six.' }), 3 / 20);
    // Text after the last period is a sentence too: 3 words, 2 sentences → 1.5/20.
    assert.equal(coherence('a b. c'), 1.5 / 20);
  });

  it('caps the score at 1', () => {
    const forty = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    assert.equal(coherence(forty), 1); // one sentence of 40 words → 2, capped
    assert.equal(coherence(`${Array.from({ length: 20 }, () => 'w').join(' ')}.`), 1); // exactly 20 → 1
  });

  it('scores 0 for empty text, a missing field, or only periods', async () => {
    assert.equal(await score({}, { assistant: '' }), 0);
    assert.equal(await score({}, {}), 0);
    assert.equal(coherence('...'), 0);
    assert.equal(coherence(' .  . '), 0);
  });

  it('skips blank sentences but counts every whitespace-separated word, like the original', () => {
    // Sentences: "Hello world" only; words: Hello, world., ., . → 4 words / 1 sentence.
    assert.equal(coherence('Hello world. . .'), 4 / 20);
  });

  it('reads the configured field, and measures structured values as JSON text', async () => {
    assert.equal(await score({ field_name: 'summary' }, { summary: 'a b c d.', assistant: '' }), 4 / 20);
    assert.equal(await score({ field_name: 'n' }, { n: 5 }), 1 / 20);
  });

  // A missing field scores 0 (above), so Verify Seeds warns about it and never refuses the seed.
  it('reads its field as optional: a missing one is a score of 0, not a failure', () => {
    assert.deepEqual(coherenceScore.requiredFields({}), []);
    assert.deepEqual(coherenceScore.optionalFields?.({ field_name: 'summary' }).map((i) => i.anyOf), [['summary']]);
    assert.match(coherenceScore.optionalFields?.({ field_name: 'assistant' })[0].whenMissing ?? '', /coherence_score 0/);
  });
});
