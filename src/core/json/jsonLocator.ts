import type { Node } from 'jsonc-parser';
import type { SourceRange } from '../problems';
import type { LineIndex } from './lineIndex';

/**
 * Maps a JSON path to where a problem about it should be shown. With `{ key: true }` an existing property is
 * ranged at its name instead (for problems about the property itself, such as an unknown key).
 */
export type Locate = (path: readonly (string | number)[], options?: { key?: boolean }) => SourceRange | undefined;

export interface JsonLocator {
  /**
   * Where to show a problem about the value at `path`. A scalar is ranged whole. An object or array is ranged at
   * the property name that holds it (or its opening bracket, for array items and the root), so a problem about a
   * large object underlines one line, as VS Code's own JSON validation does. A path that does not exist (a missing
   * property) falls back to its nearest existing ancestor: the parent object.
   */
  locate: Locate;
  /** The full extent of the value at `path` (nearest existing ancestor when missing), e.g. to select it. */
  extent: Locate;
  /** Whether the document has a value at exactly `path`. */
  has(path: readonly (string | number)[]): boolean;
}

/** A locator over a jsonc-parser tree; with no tree (unparseable text) every lookup is undefined. */
export function createJsonLocator(root: Node | undefined, lines: Pick<LineIndex, 'range'>): JsonLocator {
  const rangeOf = (node: Node): SourceRange => lines.range(node.offset, node.length);

  const anchorOf = (node: Node): SourceRange => {
    if (node.type !== 'object' && node.type !== 'array') return rangeOf(node);
    const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    return key ? rangeOf(key) : lines.range(node.offset, 1);
  };

  return {
    locate: (path, options) => {
      const node = deepestNode(root, path);
      if (!node) return undefined;
      const key = node.node.parent?.type === 'property' ? node.node.parent.children?.[0] : undefined;
      if (options?.key && node.depth === path.length && key) return rangeOf(key);
      return anchorOf(node.node);
    },
    extent: (path) => {
      const node = deepestNode(root, path);
      return node ? rangeOf(node.node) : undefined;
    },
    has: (path) => {
      const node = deepestNode(root, path);
      return node !== undefined && node.depth === path.length;
    },
  };
}

/** The node at `path`, or the deepest existing ancestor; `depth` says how many segments matched. */
function deepestNode(root: Node | undefined, path: readonly (string | number)[]): { node: Node; depth: number } | undefined {
  if (!root) return undefined;
  let node = root;
  for (let depth = 0; depth < path.length; depth++) {
    const child = childAt(node, path[depth]);
    if (!child) return { node, depth };
    node = child;
  }
  return { node, depth: path.length };
}

function childAt(node: Node, segment: string | number): Node | undefined {
  if (node.type === 'array' && typeof segment === 'number') return node.children?.[segment];
  if (node.type !== 'object' || typeof segment !== 'string') return undefined;
  // The last duplicate wins, matching JSON.parse, so the range points at the value that is actually used.
  let found: Node | undefined;
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.value === segment && value) found = value;
  }
  return found;
}
