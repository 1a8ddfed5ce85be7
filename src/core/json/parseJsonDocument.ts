import { getNodePath, parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Problem } from '../problems';
import { describeParseError } from './describeParseError';
import { MAX_JSON_DEPTH, tooDeepOffset, tooDeepProblem } from './jsonDepth';
import { createJsonLocator, type JsonLocator } from './jsonLocator';
import { LineIndex } from './lineIndex';

/** Problem codes of JSON syntax. */
export const JSON_INVALID = 'json-invalid';
const JSON_DUPLICATE_KEY = 'json-duplicate-key';

export interface JsonDocument extends JsonLocator {
  /** The parsed value; undefined when the text has syntax errors (then `problems` has at least one error). */
  value?: unknown;
  problems: Problem[];
}

const MAX_SYNTAX_PROBLEMS = 20;

/**
 * Parses strict JSON (no comments, no trailing commas: pipeline and seed files are read by other tools too) and
 * keeps the syntax tree so any path maps back to a line and column. A leading byte order mark is ignored, as
 * editors hide it. Text nested deeper than MAX_JSON_DEPTH is refused before anything parses it recursively.
 */
export function parseJsonDocument(source: string): JsonDocument {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new LineIndex(text);
  const deep = tooDeepOffset(text, MAX_JSON_DEPTH);
  if (deep >= 0) return { ...createJsonLocator(undefined, lines), problems: [tooDeepProblem(deep, lines)] };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const locator = createJsonLocator(root, lines);

  if (errors.length > 0) {
    return { ...locator, problems: syntaxProblems(errors, text, lines) };
  }
  let value: unknown;
  try {
    // JSON.parse builds ordinary objects (jsonc-parser's have no prototype) and is the reference for strictness.
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ...locator, problems: [invalid(`Invalid JSON: ${message}`, lines.range(0, 0))] };
  }
  return { ...locator, value, problems: root ? duplicateKeyProblems(root, lines) : [] };
}

/**
 * Every trailing comma and comment (the parser skips those exactly, so each is a real, separate mistake), up to
 * and including the first other error; after that the parser is guessing and its errors are follow-on noise.
 */
export function syntaxProblems(errors: ParseError[], text: string, lines: LineIndex): Problem[] {
  const problems: Problem[] = [];
  for (const error of errors) {
    const { what, offset, length, recoverable } = describeParseError(error, text);
    const range = lines.range(offset, length);
    const previous = problems[problems.length - 1]?.range;
    if (!previous || previous.line !== range.line || previous.column !== range.column) {
      problems.push(invalid(`Invalid JSON: ${what} (line ${range.line}, column ${range.column})`, range));
    }
    if (!recoverable || problems.length >= MAX_SYNTAX_PROBLEMS) break;
  }
  return problems;
}

function invalid(message: string, range: Problem['range']): Problem {
  return { severity: 'error', code: JSON_INVALID, message, path: [], range };
}

function duplicateKeyProblems(root: Node, lines: LineIndex): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'object') {
      const lastByKey = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (typeof key?.value === 'string') lastByKey.set(key.value, key);
      }
      for (const property of node.children ?? []) {
        const key = property.children?.[0];
        if (typeof key?.value !== 'string' || lastByKey.get(key.value) === key) continue;
        problems.push(duplicateKeyProblem(key.value, [...getNodePath(node), key.value], lines.range(key.offset, key.length)));
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return problems;
}

/** The warning for a key whose value JSON.parse drops (the last occurrence wins). */
export function duplicateKeyProblem(key: string, path: (string | number)[], range: Problem['range']): Problem {
  return {
    severity: 'warning',
    code: JSON_DUPLICATE_KEY,
    message: `Duplicate key "${key}": only its last occurrence is used, this one is ignored. Remove one of them.`,
    path,
    range,
  };
}
