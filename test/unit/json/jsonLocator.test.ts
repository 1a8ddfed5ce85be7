import assert from 'node:assert/strict';
import { parseJsonDocument } from '../../../src/core/json/parseJsonDocument';

const text = ['{', '  "blocks": [', '    {', '      "id": "gen",', '      "config": {', '        "temperature": 0.7', '      }', '    }', '  ]', '}', ''].join('\n');

describe('JsonLocator', () => {
  const document = parseJsonDocument(text);

  it('ranges a scalar value whole', () => {
    assert.deepEqual(document.locate(['blocks', 0, 'config', 'temperature']), { line: 6, column: 24, endLine: 6, endColumn: 27 });
    assert.deepEqual(document.locate(['blocks', 0, 'id']), { line: 4, column: 13, endLine: 4, endColumn: 18 });
  });

  it('ranges an object held by a property at the property name', () => {
    assert.deepEqual(document.locate(['blocks', 0, 'config']), { line: 5, column: 7, endLine: 5, endColumn: 15 });
    assert.deepEqual(document.locate(['blocks']), { line: 2, column: 3, endLine: 2, endColumn: 11 });
  });

  it('ranges an array item or the root at its opening bracket', () => {
    assert.deepEqual(document.locate(['blocks', 0]), { line: 3, column: 5, endLine: 3, endColumn: 6 });
    assert.deepEqual(document.locate([]), { line: 1, column: 1, endLine: 1, endColumn: 2 });
  });

  it('points a missing property at its parent object', () => {
    assert.deepEqual(document.locate(['blocks', 0, 'config', 'model']), document.locate(['blocks', 0, 'config']));
    assert.deepEqual(document.locate(['blocks', 3, 'type']), document.locate(['blocks']));
    assert.equal(document.has(['blocks', 0, 'config', 'model']), false);
    assert.equal(document.has(['blocks', 0, 'config', 'temperature']), true);
  });

  it('ranges a property name on request', () => {
    assert.deepEqual(document.locate(['blocks', 0, 'config', 'temperature'], { key: true }), { line: 6, column: 9, endLine: 6, endColumn: 22 });
    assert.deepEqual(document.locate(['blocks', 0], { key: true }), document.locate(['blocks', 0]), 'array items have no name');
    assert.deepEqual(document.locate(['blocks', 0, 'config', 'model'], { key: true }), document.locate(['blocks', 0, 'config']));
  });

  it('gives the full extent of a value', () => {
    assert.deepEqual(document.extent(['blocks', 0, 'config']), { line: 5, column: 17, endLine: 7, endColumn: 8 });
  });

  it('locates nothing in text that has no tree', () => {
    assert.equal(parseJsonDocument('').locate(['a']), undefined);
  });
});
