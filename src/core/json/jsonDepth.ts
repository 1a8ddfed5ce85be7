import { createScanner } from 'jsonc-parser';
import type { Problem } from '../problems';
import type { LineIndex } from './lineIndex';

/**
 * How deep arrays and objects may nest in a pipeline or seed file. Parsers (jsonc-parser's included) recurse once
 * per level, so text nested thousands of levels deep would end in a stack overflow; real data stays far below this.
 */
export const MAX_JSON_DEPTH = 256;

const JSON_TOO_DEEP = 'json-too-deep';

/**
 * The offset of the first `[` or `{` that opens level `max + 1`, or -1. Uses the scanner only (a loop, no
 * recursion), so it is safe on any input; run it before anything that parses recursively.
 */
export function tooDeepOffset(text: string, max = MAX_JSON_DEPTH): number {
  const scanner = createScanner(text, true);
  let depth = 0;
  // SyntaxKind is a const enum, which isolated modules cannot import: 1 { 2 } 3 [ 4 ] 17 end of file.
  for (let token: number = scanner.scan(); token !== 17; token = scanner.scan()) {
    if (token === 1 || token === 3) {
      if (++depth > max) return scanner.getTokenOffset();
    } else if (token === 2 || token === 4) {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

/** The problem for text nested deeper than `max`, at the bracket that goes over. */
export function tooDeepProblem(offset: number, lines: LineIndex, max = MAX_JSON_DEPTH): Problem {
  const range = lines.range(offset, 1);
  return {
    severity: 'error',
    code: JSON_TOO_DEEP,
    message:
      `JSON nested deeper than ${max} levels at line ${range.line}, column ${range.column}: ` +
      `DataGenFlow reads at most ${max} levels of nested arrays and objects. Flatten this part of the data.`,
    path: [],
    range,
  };
}
