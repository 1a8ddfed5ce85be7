import assert from 'node:assert/strict';
import { parseJsonDocument } from '../../../src/core/json/parseJsonDocument';

function onlyProblem(text: string) {
  const document = parseJsonDocument(text);
  assert.equal(document.value, undefined);
  assert.equal(document.problems.length, 1, JSON.stringify(document.problems, null, 2));
  const [problem] = document.problems;
  assert.equal(problem.code, 'json-invalid');
  assert.equal(problem.severity, 'error');
  return problem;
}

describe('parseJsonDocument', () => {
  it('parses strict JSON into ordinary objects', () => {
    const document = parseJsonDocument('{"a": [1, {"b": null}]}');
    assert.deepEqual(document.value, { a: [1, { b: null }] });
    assert.deepEqual(document.problems, []);
  });

  it('reports a missing comma with its line and column', () => {
    const text = '{\n  "name": "x",\n  "blocks": [\n    1\n    2\n  ]\n}';
    const problem = onlyProblem(text);
    assert.equal(problem.message, 'Invalid JSON: expected a comma (line 5, column 5)');
    assert.deepEqual(problem.range, { line: 5, column: 5, endLine: 5, endColumn: 6 });
  });

  it('rejects comments', () => {
    const problem = onlyProblem('{\n  "a": 1 // why\n}');
    assert.match(problem.message, /^Invalid JSON: comments are not allowed/);
    assert.deepEqual(problem.range, { line: 2, column: 10, endLine: 2, endColumn: 16 });
  });

  it('rejects trailing commas and points at the comma', () => {
    const problem = onlyProblem('{\n  "a": [1, 2,],\n  "b": 1\n}');
    assert.equal(problem.message, 'Invalid JSON: trailing comma before "]" is not allowed; remove the comma (line 2, column 13)');
    const inObject = onlyProblem('{\n  "a": 1,\n}');
    assert.deepEqual(inObject.range, { line: 2, column: 9, endLine: 2, endColumn: 10 });
  });

  it('says an empty file is empty', () => {
    assert.match(onlyProblem('').message, /the file is empty/);
    assert.match(onlyProblem('  \n ').message, /the file is empty/);
  });

  it('reports an unclosed object at the end of the file', () => {
    const problem = onlyProblem('{\n  "a": 1\n');
    assert.equal(problem.message, 'Invalid JSON: unexpected end of file: expected "}" to close the object (line 3, column 1)');
  });

  it('names unexpected symbols such as unquoted words', () => {
    assert.match(onlyProblem('{"a": tru}').message, /^Invalid JSON: unexpected "tru"/);
    assert.match(onlyProblem('{"a": 1}}').message, /unexpected text after the end of the JSON value \(line 1, column 9\)/);
    assert.match(onlyProblem('{"a" 1}').message, /expected a colon/);
  });

  it('reports every trailing comma and comment, but stops at the first error that derails the parser', () => {
    const separate = parseJsonDocument('{\n "a": 1, // note\n "b": [1,2,],\n "c": {"d": 1,}\n}');
    assert.deepEqual(
      separate.problems.map((p) => [p.range?.line, p.range?.column]),
      [
        [2, 10],
        [3, 11],
        [4, 14],
      ],
    );
    const derailed = parseJsonDocument('{\n  "a": "x\n",\n  "b": 1\n}');
    assert.equal(derailed.problems.length, 1, 'no follow-on errors after an unclosed string');
    assert.match(derailed.problems[0].message, /string is not closed .* \(line 2, column 8\)$/);
  });

  it('ignores a byte order mark', () => {
    const document = parseJsonDocument('\uFEFF{"a": 1}');
    assert.deepEqual(document.value, { a: 1 });
    assert.deepEqual(document.locate(['a']), { line: 1, column: 7, endLine: 1, endColumn: 8 });
  });

  it('warns about duplicate keys at the occurrence that is ignored', () => {
    const document = parseJsonDocument('{\n  "a": 1,\n  "a": 2\n}');
    assert.deepEqual(document.value, { a: 2 });
    assert.equal(document.problems.length, 1);
    const [problem] = document.problems;
    assert.equal(problem.code, 'json-duplicate-key');
    assert.equal(problem.severity, 'warning');
    assert.deepEqual(problem.path, ['a']);
    assert.deepEqual(problem.range, { line: 2, column: 3, endLine: 2, endColumn: 6 });
    assert.deepEqual(document.locate(['a']), { line: 3, column: 8, endLine: 3, endColumn: 9 }, 'locate follows the value used');
  });

  it('keeps "__proto__" as data', () => {
    const document = parseJsonDocument('{"__proto__": {"polluted": true}}');
    assert.equal(Object.getPrototypeOf(document.value), Object.prototype);
    assert.deepEqual(Object.keys(document.value as object), ['__proto__']);
  });

  it('refuses JSON nested deeper than the limit at the bracket that goes over, before any recursive parse', () => {
    const text = `{\n  "blocks": ${'['.repeat(100_000)}${']'.repeat(100_000)}\n}`;
    const document = parseJsonDocument(text);
    assert.equal(document.value, undefined);
    assert.equal(document.problems.length, 1);
    const [problem] = document.problems;
    assert.equal(problem.code, 'json-too-deep');
    // The object is level 1, so the 256th "[" opens level 257.
    assert.deepEqual(problem.range, { line: 2, column: 13 + 255, endLine: 2, endColumn: 13 + 256 });
    assert.match(problem.message, /^JSON nested deeper than 256 levels at line 2, column 268: /);
    assert.equal(document.locate(['blocks']), undefined);
  });

  it('accepts nesting up to the limit', () => {
    const text = `${'['.repeat(256)}${']'.repeat(256)}`;
    assert.deepEqual(parseJsonDocument(text).problems, []);
  });
});
