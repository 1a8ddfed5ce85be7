import { createReadStream } from 'node:fs';

/**
 * The lines of a byte stream (a downloaded batch file, a local input file), one at a time: a file of several
 * hundred MB is never one string (V8 strings stop near 512 MB). A last line without a newline is yielded too.
 */
export async function* textLines(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let carry = '';
  for await (const chunk of chunks) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      yield text.slice(start, end);
      start = end + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry !== '') yield carry;
}

/** The lines of a local file. */
export function fileLines(path: string): AsyncGenerator<string, void, undefined> {
  return textLines(createReadStream(path));
}
