import assert from 'node:assert/strict';
import { formatJsonPath, pointerToPath, valueAtPath } from '../../../src/core/json/jsonPath';

describe('jsonPath', () => {
  it('formats paths the way users read them', () => {
    assert.equal(formatJsonPath(['blocks', 2, 'config', 'temperature']), 'blocks[2].config.temperature');
    assert.equal(formatJsonPath([0, 'metadata']), '[0].metadata');
    assert.equal(formatJsonPath(['config', 'max tokens']), 'config["max tokens"]');
    assert.equal(formatJsonPath([]), '');
  });

  it('converts JSON pointers, with numbers only for array indices', () => {
    const data = { blocks: [{ config: { '2': 1, 'a/b': 2 } }] };
    assert.deepEqual(pointerToPath('/blocks/0/config/2', data), ['blocks', 0, 'config', '2']);
    assert.deepEqual(pointerToPath('/blocks/0/config/a~1b', data), ['blocks', 0, 'config', 'a/b']);
    assert.deepEqual(pointerToPath('', data), []);
  });

  it('reads values at a path and stops at missing steps', () => {
    const data = { a: [{ b: 1 }] };
    assert.equal(valueAtPath(data, ['a', 0, 'b']), 1);
    assert.equal(valueAtPath(data, ['a', 1, 'b']), undefined);
    assert.equal(valueAtPath(data, ['a', 'b']), undefined);
    assert.equal(valueAtPath(data, ['toString']), undefined);
  });
});
