import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkSeedFile } from '../../../src/core/seeds/checkSeedFile';
import { parseFolderSeeds, seedFolderOf } from '../../../src/core/seeds/folderSeeds';
import { parseSeeds } from '../../../src/core/seeds/parseSeeds';
import { seedsHash } from '../../../src/core/seeds/seedsHash';
import { fakeRegistry } from '../pipeline/fakeRegistry';
import { block, chain, pipeline } from '../pipeline/pipelineBuilders';

// The three seed forms of a multiplier pipeline. The original (nicofretti/DataGenFlow lib/job_processor.py, whose
// block behaviour tests/blocks/test_markdown_multiplier.py pins) feeds each JSON seed's metadata — file_content
// being the document — to the multiplier; we add a .md file and a folder of .md files. Before this change JSON
// seeds were refused for a multiplier pipeline ("expects a Markdown (.md) seed file") and a folder could not be read.
const registry = fakeRegistry();
const chunked = pipeline([block('split', 'MarkdownMultiplierBlock'), block('gen', 'TextGenerator', { user_prompt: '{{ chunk_text }}' })], chain('split', 'gen'));
const qa = pipeline([block('gen', 'TextGenerator', { user_prompt: '{{ topic }}' })], chain('gen'));

describe('document seeds for multiplier pipelines', () => {
  describe('a folder of Markdown files', () => {
    const folder = seedFolderOf([
      { path: 'guides/setup.md', text: '# Setup\nInstall it.\n' },
      { path: 'intro.md', text: '# Intro\nHello.\n' },
      { path: 'api.md', text: '# API\nCalls.\n' },
    ]);

    // mirrors tests/blocks/test_markdown_multiplier.py::test_markdown_multiplier_get_required_fields: each seed
    // hands the multiplier its file_content; the folder form adds which file it came from.
    it('is one seed per file, sorted by path, with file_content and source_file', () => {
      const parsed = parseFolderSeeds(folder, 'docs');
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.locate.kind, 'folder');
      assert.deepEqual([...parsed.seeds], [
        { repetitions: 1, metadata: { file_content: '# API\nCalls.\n', source_file: 'api.md' } },
        { repetitions: 1, metadata: { file_content: '# Setup\nInstall it.\n', source_file: 'guides/setup.md' } },
        { repetitions: 1, metadata: { file_content: '# Intro\nHello.\n', source_file: 'intro.md' } },
      ]);
      assert.equal(parsed.locate.label(1), 'The seed docs/guides/setup.md');
    });

    it('verifies clean against a multiplier pipeline and is refused by a normal one', () => {
      assert.deepEqual(checkSeedFile(folder, 'docs', chunked, registry).problems, []);
      const problems = checkSeedFile(folder, 'docs', qa, registry).problems;
      assert.deepEqual(problems.map((p) => p.code), ['seeds-wrong-file-kind']);
      assert.match(problems[0].message, /^Pipeline "Test pipeline" expects a JSON seed file .*, but docs is a folder of Markdown documents; Markdown seeds are only for pipelines that start with a multiplier block/);
    });

    // Our deliberate improvement over tests/blocks/test_markdown_multiplier.py::test_markdown_multiplier_empty_content
    // (the original returns no chunks silently): an empty document is an error, naming the file in a folder.
    it('an empty file is an error naming that file, at its line 1; the other files stay seeds', () => {
      const withEmpty = seedFolderOf([...folder.documents, { path: 'blank.md', text: ' \n\n' }]);
      const parsed = parseFolderSeeds(withEmpty, 'docs/');
      assert.equal(parsed.problems.length, 1);
      const [problem] = parsed.problems;
      assert.equal(problem.code, 'seeds-empty');
      assert.equal(problem.message, 'docs/blank.md is empty: each Markdown file in a seed folder must contain a document to split into chunks. Fill it or remove it from the folder.');
      assert.deepEqual(problem.path, [1], 'the index of blank.md in the sorted folder');
      assert.deepEqual(problem.range, { line: 1, column: 1, endLine: 1, endColumn: 2 });
      assert.equal(parsed.seeds.length, 3);
      assert.equal(parsed.locate.label(1), 'The seed docs/guides/setup.md', 'labels skip the file that is not a seed');
    });

    it('a folder without Markdown files is an error', () => {
      const parsed = parseSeeds(seedFolderOf([]), 'docs');
      assert.deepEqual(parsed.problems.map((p) => p.message), ['docs has no Markdown (.md) files: a seed folder holds the documents to split into chunks, one file each.']);
    });

    it('more files than a job may have units is refused before running', () => {
      const parsed = parseFolderSeeds(folder, 'docs', { maxUnits: 2 });
      assert.match(parsed.problems[0]?.message ?? '', /^docs has 3 Markdown files, more than the 2 units a job may have \(setting datagenflow\.maxUnitsPerJob\)/);
    });
  });

  describe('JSON seeds of documents', () => {
    // mirrors the original's job processor: seeds_data items, each metadata → multiplier, with repetitions.
    it('are accepted, each document with its own metadata', () => {
      const text = '[\n  {"metadata": {"file_content": "# A\\nText", "topic": "a"}},\n  {"repetitions": 2, "metadata": {"file_content": "# B\\nMore", "topic": "b"}}\n]';
      const checked = checkSeedFile(text, 'docs.json', chunked, registry);
      assert.deepEqual(checked.problems, []);
      assert.deepEqual([...checked.seeds].map((s) => [s.repetitions, s.metadata.topic]), [[1, 'a'], [2, 'b']]);
    });

    it('an empty or non-text file_content is an error at the value, naming the seed and the block', () => {
      const text = '[\n  {"metadata": {"file_content": "# A"}},\n  {"metadata": {"file_content": "  "}},\n  {"metadata": {"file_content": 42}}\n]';
      const problems = checkSeedFile(text, 'docs.json', chunked, registry).problems;
      assert.deepEqual(problems.map((p) => [p.code, p.range?.line, p.range?.column]), [
        ['seed-empty-document', 3, 33],
        ['seed-empty-document', 4, 33],
      ]);
      assert.equal(problems[0].message, 'Seed 2: "file_content" is empty, so block "split" (MarkdownMultiplierBlock) has no document to split into chunks. Put the document\'s text in it, or remove the seed.');
      assert.equal(problems[1].message, 'Seed 3: "file_content" must be the document\'s text for block "split" (MarkdownMultiplierBlock), found the integer 42.');
    });

    it('a seed without file_content is the missing-field problem, at that seed', () => {
      const text = '[\n  {"metadata": {"file_content": "# A"}},\n  {"metadata": {"topic": "no document"}}\n]';
      const problems = checkSeedFile(text, 'docs.json', chunked, registry).problems;
      assert.deepEqual(problems.map((p) => [p.code, p.range?.line]), [['seed-missing-field', 3]]);
      assert.match(problems[0].message, /"file_content"/);
    });
  });

  describe('fields read after the multiplier', () => {
    // A chunk carries its seed's other metadata, so a block after the multiplier may read a seed field; a seed
    // that lacks it is refused before the run instead of failing every chunk (the old walk stopped at the multiplier).
    const byTopic = pipeline([block('split', 'MarkdownMultiplierBlock'), block('gen', 'TextGenerator', { user_prompt: '{{ chunk_text }} on {{ topic }}' })], chain('split', 'gen'));

    it('are required of JSON seeds of documents, at the seed that lacks them', () => {
      const text = '[\n  {"metadata": {"file_content": "# A", "topic": "a"}},\n  {"metadata": {"file_content": "# B"}}\n]';
      const problems = checkSeedFile(text, 'docs.json', byTopic, registry).problems;
      assert.deepEqual(problems.map((p) => [p.code, p.blockId, p.range?.line]), [['seed-missing-field', 'gen', 3]]);
      assert.match(problems[0].message, /"topic"/);
    });

    it('are refused for a Markdown file or folder, which holds only the document', () => {
      assert.deepEqual(checkSeedFile('# A\ntext\n', 'doc.md', byTopic, registry).problems.map((p) => [p.code, p.blockId]), [['seed-missing-field', 'gen']]);
      const folder = seedFolderOf([{ path: 'a.md', text: '# A' }]);
      assert.deepEqual(checkSeedFile(folder, 'docs', byTopic, registry).problems.map((p) => [p.code, p.path[0]]), [['seed-missing-field', 0]]);
    });
  });

  describe('the hash a job keeps to refuse changed seeds on resume', () => {
    const docs = [
      { path: 'a.md', text: '# A' },
      { path: 'b.md', text: '# B' },
    ];
    it('is the text\'s sha256 for a file, as jobs have always stored it', () => {
      assert.equal(seedsHash('[{"metadata": {}}]'), createHash('sha256').update('[{"metadata": {}}]').digest('hex'));
    });

    it('is that sha256 for a large text too, hashed in pieces, with a surrogate pair across a piece boundary', () => {
      for (const text of [`${'x'.repeat((1 << 20) - 1)}🙂${'é'.repeat(1000)}`, `${'y'.repeat(3 << 20)}`]) {
        assert.equal(seedsHash(text), createHash('sha256').update(text).digest('hex'));
      }
    });

    it('covers every file of a folder: its path and its content, not the order it was listed in', () => {
      const hash = seedsHash(seedFolderOf(docs));
      assert.equal(seedsHash(seedFolderOf([...docs].reverse())), hash);
      assert.notEqual(seedsHash(seedFolderOf([docs[0], { path: 'b.md', text: '# B!' }])), hash, 'an edited file');
      assert.notEqual(seedsHash(seedFolderOf([docs[0], { path: 'c.md', text: '# B' }])), hash, 'a renamed file');
      assert.notEqual(seedsHash(seedFolderOf([...docs, { path: 'c.md', text: '# C' }])), hash, 'an added file');
      assert.notEqual(seedsHash(seedFolderOf([docs[0]])), hash, 'a removed file');
    });
  });
});
