import assert from 'node:assert/strict';
import { parseSeeds, seedFileKind } from '../../../src/core/seeds/parseSeeds';
import { positionOf } from '../pipeline/pipelineBuilders';
import { assertStartsAt, single } from '../pipeline/problemAssertions';

describe('parseSeeds', () => {
  it('reads an array of seeds, defaulting repetitions to 1', () => {
    const parsed = parseSeeds('[{"repetitions": 3, "metadata": {"content": "a"}}, {"metadata": {"content": "b"}}]', 'seeds.json');
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual([...parsed.seeds], [
      { repetitions: 3, metadata: { content: 'a' } },
      { repetitions: 1, metadata: { content: 'b' } },
    ]);
    assert.equal(parsed.locate.kind, 'json');
  });

  it('reads a single seed object', () => {
    const parsed = parseSeeds('{"repetitions": 2, "metadata": {"x": 1}}', 'one.json');
    assert.deepEqual([...parsed.seeds], [{ repetitions: 2, metadata: { x: 1 } }]);
    assert.deepEqual(parsed.locate.path(0, ['metadata']), ['metadata']);
  });

  it('reads a Markdown file as one seed with file_content', () => {
    const parsed = parseSeeds('# Title\n\nBody\n', 'doc.md');
    assert.deepEqual([...parsed.seeds], [{ repetitions: 1, metadata: { file_content: '# Title\n\nBody\n' } }]);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.locate.kind, 'markdown');
    assert.equal(seedFileKind('Notes.MARKDOWN'), 'markdown');
    assert.equal(seedFileKind('seeds.json'), 'json');
  });

  it('rejects an empty Markdown file', () => {
    const parsed = parseSeeds(' \n\n', 'doc.md');
    assert.deepEqual([...parsed.seeds], []);
    const problem = single(parsed.problems, 'seeds-empty');
    assert.equal(problem.message, 'doc.md is empty: a Markdown seed file must contain the document to split into chunks.');
    assert.deepEqual(problem.range, { line: 1, column: 1, endLine: 1, endColumn: 2 });
  });

  it('reports invalid JSON at its line and column', () => {
    const text = '[\n  {\n    "metadata": {"a": 1}\n    "repetitions": 2\n  }\n]';
    const parsed = parseSeeds(text, 'seeds.json');
    assert.deepEqual([...parsed.seeds], []);
    const problem = single(parsed.problems, 'json-invalid');
    assert.equal(problem.message, 'Invalid JSON: expected a comma (line 4, column 5)');
  });

  it('rejects comments and trailing commas', () => {
    const parsed = parseSeeds('[\n  {"metadata": {}}, // first\n]', 'seeds.json');
    assert.deepEqual(
      parsed.problems.map((p) => [p.code, p.range?.line, p.range?.column]),
      [
        ['json-invalid', 2, 21],
        ['json-invalid', 2, 19],
      ],
    );
    assert.match(parsed.problems[1].message, /trailing comma before "\]"/);
  });

  it('rejects a top level that is neither an array nor an object', () => {
    const problem = single(parseSeeds('"hello"', 'seeds.json').problems, 'seeds-not-array-or-object');
    assert.equal(
      problem.message,
      'seeds.json must hold a JSON array of seeds or a single seed object {"repetitions": 1, "metadata": {…}}, found the string "hello".',
    );
    assert.deepEqual(problem.range, { line: 1, column: 1, endLine: 1, endColumn: 8 });
  });

  it('rejects an empty array', () => {
    const problem = single(parseSeeds('[]', 'seeds.json').problems, 'seeds-empty');
    assert.match(problem.message, /^seeds\.json has no seeds: the array is empty\./);
  });

  it('rejects a seed that is not an object', () => {
    const text = '[\n  {"metadata": {}},\n  "oops"\n]';
    const parsed = parseSeeds(text, 'seeds.json');
    const problem = single(parsed.problems, 'seed-not-object');
    assert.equal(problem.message, 'Seed 2 must be an object {"repetitions": 1, "metadata": {…}}, found the string "oops".');
    assert.deepEqual(problem.path, [1]);
    assertStartsAt(problem, { line: 3, column: 3 });
    assert.equal(parsed.seeds.length, 1);
  });

  it('rejects a seed without metadata, at the seed', () => {
    const text = '[\n  {"metadata": {}},\n  {"repetitions": 1}\n]';
    const problem = single(parseSeeds(text, 'seeds.json').problems, 'seed-missing-metadata');
    assert.equal(problem.message, 'Seed 2 has no "metadata". Add "metadata": { … } with the variables the pipeline uses.');
    assertStartsAt(problem, { line: 3, column: 3 });
  });

  it('rejects metadata that is not an object', () => {
    const text = '[{"metadata": ["a"]}]';
    const problem = single(parseSeeds(text, 'seeds.json').problems, 'seed-metadata-not-object');
    assert.equal(problem.message, 'Seed 1: "metadata" must be an object of variables, found an array.');
    assert.deepEqual(problem.path, [0, 'metadata']);
    assertStartsAt(problem, positionOf(text, '"metadata"'));
  });

  it('rejects repetitions that are not a non-negative integer', () => {
    for (const [value, shown] of [
      ['-1', '-1'],
      ['1.5', '1.5'],
      ['"2"', '"2"'],
      ['null', 'null'],
    ]) {
      const text = `[\n  {"repetitions": ${value}, "metadata": {}}\n]`;
      const parsed = parseSeeds(text, 'seeds.json');
      const problem = single(parsed.problems, 'seed-invalid-repetitions');
      assert.equal(problem.message, `Seed 1: repetitions must be a positive integer, found ${shown}. Use a whole number such as 1 (or remove it: the default is 1).`);
      assert.deepEqual(problem.path, [0, 'repetitions']);
      assertStartsAt(problem, positionOf(text, value));
      assert.deepEqual([...parsed.seeds], [], 'a seed with errors is not run');
    }
  });

  it('warns about repetitions 0 but keeps the seed', () => {
    const parsed = parseSeeds('[{"repetitions": 0, "metadata": {}}]', 'seeds.json');
    const problem = single(parsed.problems, 'seed-zero-repetitions');
    assert.equal(problem.severity, 'warning');
    assert.equal(problem.message, 'Seed 1 has repetitions 0: it will not generate records.');
    assert.deepEqual([...parsed.seeds], [{ repetitions: 0, metadata: {} }]);
  });

  it('warns about unknown keys in a seed, guessing the intended one', () => {
    const text = '[{"metdata": {"a": 1}, "metadata": {}}]';
    const problem = single(parseSeeds(text, 'seeds.json').problems, 'seed-unknown-key');
    assert.equal(problem.severity, 'warning');
    assert.equal(
      problem.message,
      'Seed 1: unknown key "metdata" is ignored (did you mean "metadata"?). A seed has "repetitions" and "metadata"; put variables inside "metadata".',
    );
  });

  it('reports every bad seed, and locates the good ones by their place in the file', () => {
    const text = '[\n  {"metadata": {"n": 1}},\n  {"repetitions": -2},\n  {"metadata": {"n": 3}}\n]';
    const parsed = parseSeeds(text, 'seeds.json');
    assert.deepEqual(parsed.problems.map((p) => p.code), ['seed-missing-metadata', 'seed-invalid-repetitions']);
    assert.equal(parsed.seeds.length, 2);
    assert.deepEqual(parsed.locate.path(1, ['metadata']), [2, 'metadata']);
    assert.equal(parsed.locate.label(1), 'Seed 3');
    assert.equal(parsed.locate.range(1, ['metadata'])?.line, 4);
  });

  describe('the unit limit and large files', () => {
    it('refuses repetitions over the job limit at the repetitions value', () => {
      const text = '[\n  {"metadata": {"a": 1}},\n  {"repetitions": 1000000000, "metadata": {"a": 2}}\n]';
      const parsed = parseSeeds(text, 'seeds.json');
      const problem = single(parsed.problems, 'seeds-too-many-units');
      assert.equal(problem.severity, 'error');
      assert.equal(
        problem.message,
        'Seed 2: repetitions 1,000,000,000 is more than the 1,000,000 units a job may have (setting datagenflow.maxUnitsPerJob). Lower it, or raise the setting.',
      );
      assert.deepEqual(problem.path, [1, 'repetitions']);
      assert.deepEqual(problem.range, { line: 3, column: 19, endLine: 3, endColumn: 29 });
    });

    it('refuses the seed whose repetitions bring the running sum over the limit, once', () => {
      const text = '[\n  {"repetitions": 4, "metadata": {}},\n  {"repetitions": 4, "metadata": {}},\n  {"repetitions": 4, "metadata": {}}\n]';
      const parsed = parseSeeds(text, 'seeds.json', { maxUnits: 10 });
      const problem = single(parsed.problems, 'seeds-too-many-units');
      assert.equal(
        problem.message,
        'Seed 3: repetitions 4 brings the job to 12 units, more than the 10 units a job may have (setting datagenflow.maxUnitsPerJob). Lower the repetitions or split the seed file, or raise the setting.',
      );
      assertStartsAt(problem, { line: 4, column: 19 });
      assert.deepEqual(parseSeeds(text, 'seeds.json', { maxUnits: 12 }).problems, []);
    });

    it('refuses repetitions that are not safe integers', () => {
      const text = '[{"repetitions": 1e300, "metadata": {}}]';
      const problem = single(parseSeeds(text, 'seeds.json', { maxUnits: Infinity }).problems, 'seed-invalid-repetitions');
      assertStartsAt(problem, positionOf(text, '1e300'));
    });

    it('reports JSON nested thousands of levels deep at the bracket that goes over, without a stack overflow', () => {
      const text = `[\n  {"metadata": {"deep": ${'['.repeat(50_000)}${']'.repeat(50_000)}}}\n]`;
      const parsed = parseSeeds(text, 'seeds.json');
      const problem = single(parsed.problems, 'json-too-deep');
      assert.equal(problem.severity, 'error');
      // Levels 1 and 2 are the root array and the seed, 3 is metadata: the 254th "[" opens level 257.
      const column = text.indexOf('[', 3) + 253 - text.indexOf('\n');
      assert.deepEqual(problem.range, { line: 2, column, endLine: 2, endColumn: column + 1 });
      assert.equal(problem.message, `JSON nested deeper than 256 levels at line 2, column ${column}: DataGenFlow reads at most 256 levels of nested arrays and objects. Flatten this part of the data.`);
      assert.equal(parsed.seeds.length, 0);
    });

    it('keeps seeds as offsets into the text and parses one on demand, with fresh metadata each time', () => {
      const text = `[${Array.from({ length: 1000 }, (_, i) => `{"repetitions": 2, "metadata": {"n": ${i}}}`).join(',')}]`;
      const parsed = parseSeeds(text, 'seeds.json');
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.seeds.length, 1000);
      assert.equal(parsed.seeds.repetitionsAt(999), 2);
      assert.deepEqual(parsed.seeds.at(999), { repetitions: 2, metadata: { n: 999 } });
      assert.notEqual(parsed.seeds.at(5)?.metadata, parsed.seeds.at(5)?.metadata);
      assert.equal(parsed.seeds.at(1000), undefined);
    });

    it('warns about duplicate keys inside seeds at the occurrence that is ignored', () => {
      const text = '[\n  {"metadata": {"a": 1, "a": 2}}\n]';
      const parsed = parseSeeds(text, 'seeds.json');
      const problem = single(parsed.problems, 'json-duplicate-key');
      assert.deepEqual(problem.path, [0, 'metadata', 'a']);
      assertStartsAt(problem, positionOf(text, '"a"'));
      assert.deepEqual(parsed.seeds.at(0)?.metadata, { a: 2 });
    });
  });
});
