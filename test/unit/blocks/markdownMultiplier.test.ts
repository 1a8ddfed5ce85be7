import assert from 'node:assert/strict';
import { countTokens, splitByTokens } from '../../../src/core/blocks/markdownChunking';
import { markdownMultiplier } from '../../../src/core/blocks/markdownMultiplier';
import { markdownSections } from '../../../src/core/blocks/markdownSections';
import { BlockExecutionError } from '../../../src/core/errors';
import { runBlock } from '../helpers/blockHarness';

async function chunk(config: Record<string, unknown>, fileContent: unknown): Promise<Record<string, unknown>[]> {
  const r = await runBlock(markdownMultiplier, config, { file_content: fileContent });
  assert.ok('items' in r);
  return r.items;
}

const texts = (items: Record<string, unknown>[]): string[] => items.map((i) => String(i.chunk_text));

/** 30 short sentences with distinct words, so each chunk's sentences can be located in the source. */
const SENTENCES = Array.from({ length: 30 }, (_, i) => `Sentence number ${i + 1} talks about topic ${String.fromCharCode(65 + (i % 26))}.`);
const PROSE = SENTENCES.join(' ');

/** Sentences of a chunk, in order (each ends with its period). */
const sentencesOf = (chunkText: string): string[] => chunkText.match(/Sentence number \d+ talks about topic [A-Z]\./g) ?? [];

const DOC = [
  'Intro text before any heading.',
  '',
  '# Title',
  '',
  'First section body.',
  '',
  '```python',
  '# a comment, not a heading',
  'x = 1',
  '```',
  '',
  '## Second',
  '',
  'Second body.',
  '~~~',
  '### inside a tilde fence',
  '~~~',
  '',
  'Setext heading',
  '==============',
  '',
  'Setext body.',
  '',
  '#hashtag is not a heading',
  '## Empty heading',
  '### Last',
  'Last body.',
].join('\n');

describe('MarkdownMultiplierBlock', () => {
  before(function () {
    // Building the cl100k_base encoder takes a second or two, once per process; keep it out of the tests' timeouts.
    this.timeout(30_000);
    countTokens('warm up');
  });

  it('declares the reference config, outputs and required field', () => {
    const props = markdownMultiplier.configSchema.properties;
    assert.equal(markdownMultiplier.name, 'Markdown Chunker');
    assert.equal(markdownMultiplier.category, 'seeders');
    assert.equal(markdownMultiplier.isMultiplier, true);
    assert.deepEqual(markdownMultiplier.outputs, ['chunk_text', 'chunk_index']);
    assert.deepEqual([props.parser_type.default, props.chunk_size.default, props.chunk_overlap.default], ['markdown', 0, 50]);
    assert.deepEqual(props.parser_type.enum, ['markdown', 'sentence']);
    assert.deepEqual(markdownMultiplier.requiredFields({}), ['file_content']);
  });

  it('markdown mode without chunk_size: one chunk per heading section, heading kept, code fences not split', async () => {
    const items = await chunk({}, DOC);
    assert.deepEqual(texts(items), [
      'Intro text before any heading.',
      '# Title\n\nFirst section body.\n\n```python\n# a comment, not a heading\nx = 1\n```',
      '## Second\n\nSecond body.\n~~~\n### inside a tilde fence\n~~~',
      'Setext heading\n==============\n\nSetext body.\n\n#hashtag is not a heading',
      '## Empty heading',
      '### Last\nLast body.',
    ]);
    assert.deepEqual(items.map((i) => i.chunk_index), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(Object.keys(items[0]).sort(), ['chunk_index', 'chunk_text']);
  });

  it('normalises CRLF line endings and drops blank sections', () => {
    assert.deepEqual(markdownSections('# A\r\nbody\r\n\r\n# B\r\n'), ['# A\nbody', '# B']);
    assert.deepEqual(markdownSections('  \n\n'), []);
  });

  it('empty or blank content gives no chunks; missing or non-text content is a clear error', async () => {
    assert.deepEqual(await chunk({}, ''), []);
    assert.deepEqual(await chunk({ parser_type: 'sentence', chunk_size: 10, chunk_overlap: 0 }, ' \n '), []);
    await assert.rejects(runBlock(markdownMultiplier, {}, {}), (e: unknown) => e instanceof BlockExecutionError && /no 'file_content'/.test(e.message));
    await assert.rejects(chunk({}, 42), /file_content must be text/);
  });

  it('rejects sentence mode without chunk_size, overlap larger than size, and unknown parser types', async () => {
    await assert.rejects(chunk({ parser_type: 'sentence' }, 'Text.'), /parser_type 'sentence' needs chunk_size > 0/);
    await assert.rejects(chunk({ chunk_size: 30 }, 'Text.'), /chunk_overlap \(50\) must not be larger than chunk_size \(30\)/);
    await assert.rejects(chunk({ parser_type: 'html' }, 'Text.'), /parser_type must be one of markdown, sentence/);
    await assert.rejects(chunk({ chunk_size: -1 }, 'Text.'), /chunk_size must be a whole number of tokens/);
    await assert.rejects(chunk({ chunk_size: 2.5, chunk_overlap: 0 }, 'Text.'), /chunk_size must be a whole number/);
  });

  it('counts tokens with the cl100k_base tokenizer, not characters', () => {
    assert.equal(countTokens('hello world'), 2);
    assert.equal(countTokens('antidisestablishmentarianism'), 6);
    assert.equal(countTokens('<|endoftext|>'), 1);
  });

  it('packs whole sentences greedily and overlaps whole sentences (exact chunks)', () => {
    const [s1, s2, s3] = ['Alpha beta gamma. ', 'Delta epsilon zeta. ', 'Eta theta iota.'];
    const size = countTokens(s1) + countTokens(s2); // S1+S2 fill a chunk exactly; S3 must start the next
    assert.deepEqual(splitByTokens(s1 + s2 + s3, { chunkSize: size, chunkOverlap: countTokens(s2) }), [
      'Alpha beta gamma. Delta epsilon zeta.',
      'Delta epsilon zeta. Eta theta iota.',
    ]);
    // One token less of overlap and S2 no longer fits in it: no overlap at all (only whole sentences carry over).
    assert.deepEqual(splitByTokens(s1 + s2 + s3, { chunkSize: size, chunkOverlap: countTokens(s2) - 1 }), [
      'Alpha beta gamma. Delta epsilon zeta.',
      'Eta theta iota.',
    ]);
  });

  it('sentence mode: every chunk fits chunk_size, starts with the overlap from the previous chunk, and covers the text in order', async () => {
    const size = 40;
    const overlap = 15;
    const chunks = texts(await chunk({ parser_type: 'sentence', chunk_size: size, chunk_overlap: overlap }, PROSE));
    assert.ok(chunks.length > 3, `expected several chunks, got ${chunks.length}`);
    for (const c of chunks) assert.ok(countTokens(c) <= size, `chunk over ${size} tokens: ${countTokens(c)}`);
    for (let i = 1; i < chunks.length; i++) {
      const previous = sentencesOf(chunks[i - 1]);
      const lastSentence = previous[previous.length - 1];
      // Each sentence is ~10 tokens, so the last one always fits in 15 tokens of overlap.
      assert.ok(chunks[i].startsWith(lastSentence), `chunk ${i} does not start with "${lastSentence}": ${chunks[i]}`);
      const carried = sentencesOf(chunks[i]).filter((s) => previous.includes(s));
      assert.ok(countTokens(carried.join(' ')) <= overlap, `overlap of chunk ${i} is over ${overlap} tokens`);
    }
    // Without the repeated sentences, the chunks are the sentences of the text, in order, each exactly once.
    const seen: string[] = [];
    for (const c of chunks) for (const s of sentencesOf(c)) if (!seen.includes(s)) seen.push(s);
    assert.deepEqual(seen, SENTENCES);
  });

  it('sentence mode with no overlap partitions the text', async () => {
    const chunks = texts(await chunk({ parser_type: 'sentence', chunk_size: 25, chunk_overlap: 0 }, PROSE));
    assert.equal(chunks.join(' '), PROSE);
    for (const c of chunks) assert.ok(countTokens(c) <= 25);
  });

  it('handles text longer than one sentence-detection window (numbered list, 10 KB) without losing or reordering text', () => {
    const list = Array.from({ length: 300 }, (_, i) => `${i + 1}. Item number ${i + 1}, e.g. this one.`).join('\n');
    assert.ok(list.length > 10_000);
    const chunks = splitByTokens(list, { chunkSize: 64, chunkOverlap: 0 });
    for (const c of chunks) assert.ok(countTokens(c) <= 64);
    const normalise = (s: string) => s.replace(/\s+/g, ' ');
    assert.equal(normalise(chunks.join(' ')), normalise(list));
    // Items are never cut: every chunk starts with an item number.
    for (const c of chunks) assert.match(c, /^\d+\. Item number \d+/);
  });

  it('splits a sentence longer than chunk_size by clauses and words', () => {
    const long = 'This single sentence, which goes on and on, keeps adding words without ever reaching a full stop until here.';
    const chunks = splitByTokens(long, { chunkSize: 8, chunkOverlap: 0 });
    assert.ok(chunks.length >= 3);
    for (const c of chunks) assert.ok(countTokens(c) <= 8, `"${c}" is ${countTokens(c)} tokens`);
    assert.equal(chunks.join(' '), long);
    assert.equal(chunks[0], 'This single sentence,'); // the clause fits, so it is cut at the comma, not mid-clause
  });

  it('fails clearly when a single character is more tokens than chunk_size', async () => {
    await assert.rejects(chunk({ parser_type: 'sentence', chunk_size: 1, chunk_overlap: 0 }, '𝔘'), (e: unknown) => {
      assert.ok(e instanceof BlockExecutionError);
      assert.match(e.message, /chunk size 1 is smaller than the 3 tokens of the single character/);
      return true;
    });
  });

  it('markdown mode with chunk_size: sections are split by size, chunks never cross a heading', async () => {
    const section = (title: string, from: number) => `## ${title}\n\n${SENTENCES.slice(from, from + 10).join(' ')}`;
    const doc = [section('One', 0), section('Two', 10), section('Three', 20)].join('\n\n');
    const items = await chunk({ chunk_size: 45, chunk_overlap: 12 }, doc);
    const chunks = texts(items);
    assert.deepEqual(items.map((i) => i.chunk_index), chunks.map((_, i) => i));
    for (const c of chunks) assert.ok(countTokens(c) <= 45);
    const headed = chunks.filter((c) => c.startsWith('## '));
    assert.deepEqual(headed.map((c) => c.split('\n')[0]), ['## One', '## Two', '## Three']);
    for (const c of chunks) {
      const numbers = sentencesOf(c).map((s) => Math.floor((Number(/\d+/.exec(s)?.[0]) - 1) / 10));
      assert.ok(new Set(numbers).size <= 1, `chunk mixes sections: ${c}`);
      assert.ok(!c.slice(1).includes('## '), `a heading inside a chunk: ${c}`);
    }
    // The overlap never reaches back across a heading into the previous section.
    const firstOfTwo = chunks.findIndex((c) => c.startsWith('## Two'));
    assert.ok(!chunks[firstOfTwo].includes('Sentence number 10 '));
  });

  it('keeps a fenced code block with a # comment inside one chunk when sub-splitting', async () => {
    const doc = '# Setup\n\nRun this:\n\n```bash\n# install the tool\nnpm install\n```\n\nDone.';
    const chunks = texts(await chunk({ chunk_size: 200, chunk_overlap: 0 }, doc));
    assert.deepEqual(chunks, [doc]);
  });
});
