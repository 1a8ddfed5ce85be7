/**
 * Where each character of a JSON string's value sits in the document: a template inside `"…"` is written with
 * escapes (`\n`, `\"`, `\\`, `\u00e9`), so its character `i` is not at the string's offset plus `i`.
 */
export interface JsonStringOffsets {
  /** The decoded value. */
  value: string;
  /** Document offset of the value's character `index`; `value.length` gives the offset of the closing quote. */
  documentOffset(index: number): number;
  /** Index in the value of the character at document `offset` (inside an escape: the character it encodes). */
  valueIndex(offset: number): number;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Maps a JSON string literal written at `offset` in `text` (its opening quote; `length` includes both quotes, as
 * jsonc-parser's string nodes give them). Undefined if the text there is not a well-formed string literal.
 */
export function jsonStringOffsets(text: string, offset: number, length: number): JsonStringOffsets | undefined {
  const end = offset + length - 1;
  if (text[offset] !== '"' || text[end] !== '"' || length < 2) return undefined;
  const starts: number[] = [];
  let value = '';
  for (let at = offset + 1; at < end; ) {
    const ch = text[at];
    if (ch !== '\\') {
      starts.push(at);
      value += ch;
      at += 1;
      continue;
    }
    const kind = text[at + 1];
    if (kind === 'u') {
      const hex = text.slice(at + 2, at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
      starts.push(at);
      value += String.fromCharCode(parseInt(hex, 16));
      at += 6;
    } else if (kind !== undefined && kind in SIMPLE_ESCAPES) {
      starts.push(at);
      value += SIMPLE_ESCAPES[kind];
      at += 2;
    } else {
      return undefined;
    }
  }
  starts.push(end);
  return {
    value,
    documentOffset: (index) => starts[Math.max(0, Math.min(index, starts.length - 1))],
    valueIndex: (at) => {
      // The last character starting at or before `at`: binary search over the increasing starts.
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid] <= at) low = mid;
        else high = mid - 1;
      }
      return low;
    },
  };
}
