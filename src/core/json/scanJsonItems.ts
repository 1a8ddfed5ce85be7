import { visit, type ParseError } from 'jsonc-parser';
import type { Problem } from '../problems';
import { MAX_JSON_DEPTH, tooDeepProblem } from './jsonDepth';
import { LineIndex } from './lineIndex';
import { duplicateKeyProblem, syntaxProblems } from './parseJsonDocument';

export type JsonRootKind = 'array' | 'object' | 'scalar';

/** Where each top-level value sits: offsets into the text, 8 bytes a value instead of a parsed object. */
export interface JsonItemSpans {
  count: number;
  start: Uint32Array;
  end: Uint32Array;
}

export interface ScannedJson {
  /** The text scanned (without a byte order mark): every offset refers to it. */
  text: string;
  lines: LineIndex;
  /** Syntax errors, a nesting deeper than the limit (errors) and duplicate keys (warnings). */
  problems: Problem[];
  /** Undefined when the text has errors. */
  root?: { kind: JsonRootKind; offset: number; length: number };
  /** The items of a root array (empty for any other root). */
  items: JsonItemSpans;
}

class TooDeep {
  constructor(readonly offset: number) {}
}

/**
 * Reads a JSON document in one pass of jsonc-parser's visitor, without building it: strictness and error messages
 * are those of `parseJsonDocument`, but what comes back is the spans of the root array's items, so a caller can
 * parse one item at a time (`JSON.parse(text.slice(start, end))`) and a large file costs little more than its text.
 * The nesting limit is checked as the visitor descends (it recurses once per level), before it can overflow.
 */
export function scanJsonItems(source: string, maxDepth = MAX_JSON_DEPTH): ScannedJson {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const duplicates: Problem[] = [];
  const items = new SpanList();
  let root: ScannedJson['root'];
  let depth = 0;
  // Keys seen in each open object (undefined for arrays): the earlier of two equal keys is the one JSON.parse drops.
  const keys: (Map<string, number> | undefined)[] = [];
  let itemStart = -1;

  const begin = (kind: 'array' | 'object', offset: number) => {
    if (depth === 0) root = { kind, offset, length: 0 };
    else if (depth === 1 && root?.kind === 'array') itemStart = offset;
    if (++depth > maxDepth) throw new TooDeep(offset);
    keys.push(kind === 'object' ? new Map() : undefined);
  };
  const end = (offset: number, length: number) => {
    keys.pop();
    depth--;
    if (depth === 0 && root) root.length = offset + length - root.offset;
    else if (depth === 1 && root?.kind === 'array') items.push(itemStart, offset + length);
  };

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => begin('object', offset),
        onArrayBegin: (offset) => begin('array', offset),
        onObjectEnd: end,
        onArrayEnd: end,
        onObjectProperty: (property, offset, length, _line, _column, pathSupplier) => {
          const seen = keys[keys.length - 1];
          if (!seen) return;
          const previous = seen.get(property);
          if (previous !== undefined) {
            duplicates.push(duplicateKeyProblem(property, [...pathSupplier(), property], lines.range(previous, keyLength(text, previous))));
          }
          seen.set(property, offset);
        },
        onLiteralValue: (_value, offset, length) => {
          if (depth === 0) root = { kind: 'scalar', offset, length };
          else if (depth === 1 && root?.kind === 'array') items.push(offset, offset + length);
        },
        onError: (error, offset, length) => {
          errors.push({ error, offset, length });
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    return { text, lines, problems: [tooDeepProblem(e.offset, lines, maxDepth)], items: items.clear() };
  }
  if (errors.length > 0) return { text, lines, problems: syntaxProblems(errors, text, lines), items: items.clear() };
  duplicates.sort((a, b) => (a.range?.line ?? 0) - (b.range?.line ?? 0) || (a.range?.column ?? 0) - (b.range?.column ?? 0));
  return { text, lines, problems: duplicates, root, items: items.done() };
}

/** Length of the string token (a property name) at `offset`, quotes included. */
function keyLength(text: string, offset: number): number {
  let i = offset + 1;
  while (i < text.length && text.charCodeAt(i) !== 34 /* " */) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
  return i + 1 - offset;
}

/** A growable pair of offset arrays. */
class SpanList {
  private start: Uint32Array = new Uint32Array(1024);
  private end: Uint32Array = new Uint32Array(1024);
  private count = 0;

  push(start: number, end: number): void {
    if (this.count === this.start.length) {
      this.start = grow(this.start);
      this.end = grow(this.end);
    }
    this.start[this.count] = start;
    this.end[this.count++] = end;
  }

  done(): JsonItemSpans {
    return { count: this.count, start: this.start.subarray(0, this.count), end: this.end.subarray(0, this.count) };
  }

  clear(): JsonItemSpans {
    return { count: 0, start: new Uint32Array(0), end: new Uint32Array(0) };
  }
}

function grow(array: Uint32Array): Uint32Array {
  const grown = new Uint32Array(array.length * 2);
  grown.set(array);
  return grown;
}
