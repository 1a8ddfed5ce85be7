import assert from 'node:assert/strict';
import { jsonStringOffsets } from '../../../src/core/json/jsonStringOffsets';

describe('jsonStringOffsets', () => {
  it('decodes the value and maps each character back through the escapes', () => {
    const text = `{"p": ${JSON.stringify('a\n"b"\\c\té')}}`.replace('é', '\\u00e9');
    const start = text.indexOf('"a');
    const end = text.lastIndexOf('"') + 1;
    const offsets = jsonStringOffsets(text, start, end - start);
    assert.ok(offsets);
    assert.equal(offsets.value, 'a\n"b"\\c\té');
    // Each character's document offset is where its (escaped) spelling starts.
    const spelled = ['a', '\\n', '\\"', 'b', '\\"', '\\\\', 'c', '\\t', '\\u00e9'];
    let at = start + 1;
    spelled.forEach((s, i) => {
      assert.equal(offsets.documentOffset(i), at, `character ${i}`);
      assert.equal(text.slice(at, at + s.length), s);
      assert.equal(offsets.valueIndex(at), i);
      assert.equal(offsets.valueIndex(at + s.length - 1), i, 'inside an escape: its character');
      at += s.length;
    });
    assert.equal(offsets.documentOffset(offsets.value.length), end - 1, 'the end is the closing quote');
    assert.equal(offsets.valueIndex(end - 1), offsets.value.length);
  });

  it('keeps surrogate pairs and unescaped non-ASCII text one code unit per character', () => {
    const text = '"😀x"';
    const offsets = jsonStringOffsets(text, 0, text.length);
    assert.equal(offsets?.value, '😀x');
    assert.equal(offsets?.documentOffset(2), 3);
  });

  it('refuses what is not a well-formed string literal', () => {
    assert.equal(jsonStringOffsets('"a\\q"', 0, 5), undefined);
    assert.equal(jsonStringOffsets('"a\\u12"', 0, 7), undefined);
    assert.equal(jsonStringOffsets('abc', 0, 3), undefined);
  });
});
