import assert from 'node:assert/strict';
import { LineIndex } from '../../../src/core/json/lineIndex';

describe('LineIndex', () => {
  it('maps offsets to 1-based lines and columns', () => {
    const index = new LineIndex('ab\ncd\n');
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(1), { line: 1, column: 2 });
    assert.deepEqual(index.position(3), { line: 2, column: 1 });
    assert.deepEqual(index.position(6), { line: 3, column: 1 });
  });

  it('treats \\r\\n and lone \\r as one line break each', () => {
    const index = new LineIndex('a\r\nb\rc');
    assert.deepEqual(index.position(3), { line: 2, column: 1 });
    assert.deepEqual(index.position(5), { line: 3, column: 1 });
  });

  it('counts columns in UTF-16 code units, as VS Code does', () => {
    const index = new LineIndex('"😀" x');
    assert.deepEqual(index.position(5), { line: 1, column: 6 });
  });

  it('gives end-exclusive ranges', () => {
    assert.deepEqual(new LineIndex('{"a": 12}').range(6, 2), { line: 1, column: 7, endLine: 1, endColumn: 9 });
  });

  it('clamps offsets outside the text', () => {
    const index = new LineIndex('ab');
    assert.deepEqual(index.position(-4), { line: 1, column: 1 });
    assert.deepEqual(index.position(99), { line: 1, column: 3 });
  });
});
