import { applyEdits, modify, type Edit, type JSONPath } from 'jsonc-parser';
import { isJsonObject } from '../json/jsonPath';
import { CONSTRAINT_KEYS } from './serializePipeline';
import { END_ID, START_ID, type Position } from './pipelineTypes';

/**
 * A semantic edit of a pipeline file: what the canvas asks for and what quick fixes apply. Each names blocks by
 * id (never by array index), so an edit stays meaningful when the text changed underneath it (a text edit, undo,
 * git). The editor protocol has its own wire type (EditorEdit); the host checks it into this one.
 */
export type PipelineEdit =
  | { kind: 'addBlock'; type: string; name?: string; config: Record<string, unknown>; position: Position }
  | { kind: 'remove'; blockIds: string[]; edges: { source: string; target: string }[] }
  | { kind: 'connect'; source: string; target: string }
  | { kind: 'disconnect'; source: string; target: string }
  | { kind: 'move'; positions: ({ id: string } & Position)[] }
  | { kind: 'configure'; blockId: string; key: string; value?: unknown }
  | { kind: 'renameBlock'; blockId: string; name: string }
  | { kind: 'renamePipeline'; name: string }
  | { kind: 'duplicate'; blockId: string }
  | { kind: 'setConstraint'; key: string; value: number | null };

/** A minimal change of the text: replace `length` characters at `offset` with `content`. */
export interface TextChange {
  offset: number;
  length: number;
  content: string;
}

export interface EditResult {
  /** The text after the edit. */
  text: string;
  /** The minimal changes that turn the old text into `text`, in order, non-overlapping, against the OLD text. */
  changes: TextChange[];
  /** The id of the block an `addBlock` or `duplicate` created. */
  createdId?: string;
}

/** The edit cannot be applied to this text: the file is not a pipeline object, or a named block is missing. */
export class PipelineEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineEditError';
  }
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };
const DUPLICATE_OFFSET = 40;

/**
 * Applies a canvas edit to the text of a pipeline file with jsonc-parser's minimal edits: only the touched
 * properties change, unknown fields and the rest of the formatting stay as they are. New objects are written in
 * serializePipeline's key order with 2-space indentation, so a canonical file stays canonical.
 */
export function applyPipelineEdit(text: string, edit: PipelineEdit): EditResult {
  const root = readRoot(text);
  const session = new EditSession(text);
  const blocks = Array.isArray(root.blocks) ? root.blocks : [];
  const edges = Array.isArray(root.edges) ? root.edges : [];
  const blockIndex = (id: string): number => {
    const at = blocks.findIndex((b) => isJsonObject(b) && b.id === id);
    if (at < 0) throw new PipelineEditError(`There is no block "${id}" in the pipeline any more (it was removed or renamed in the text); the canvas shows the current file again.`);
    return at;
  };
  switch (edit.kind) {
    case 'addBlock': {
      const id = uniqueBlockId(edit.type, blocks);
      session.set(['blocks', blocks.length], newBlock(id, edit.type, edit.name, edit.config, edit.position), true);
      return session.result(id);
    }
    case 'duplicate': {
      const source = blocks[blockIndex(edit.blockId)] as Record<string, unknown>;
      const type = typeof source.type === 'string' ? source.type : 'block';
      const id = uniqueBlockId(type, blocks);
      const position = readPosition(source.position);
      const name = typeof source.name === 'string' && source.name ? `${source.name} (copy)` : undefined;
      const config = isJsonObject(source.config) ? structuredClone(source.config) : {};
      session.set(['blocks', blocks.length], newBlock(id, type, name, config, { x: position.x + DUPLICATE_OFFSET, y: position.y + DUPLICATE_OFFSET }), true);
      return session.result(id);
    }
    case 'remove': {
      const ids = new Set(edit.blockIds.filter((id) => id !== START_ID && id !== END_ID));
      const gone = (e: unknown): boolean =>
        isJsonObject(e) &&
        (ids.has(String(e.source)) || ids.has(String(e.target)) || edit.edges.some((x) => x.source === e.source && x.target === e.target));
      // Highest index first, so earlier indexes stay valid while removing.
      session.removeItems(['edges'], edges, gone);
      session.removeItems(['blocks'], blocks, (b) => isJsonObject(b) && ids.has(String(b.id)));
      return session.result();
    }
    case 'connect': {
      if (edges.some((e) => isJsonObject(e) && e.source === edit.source && e.target === edit.target)) return session.result();
      if (!Array.isArray(root.edges)) session.set(['edges'], [{ source: edit.source, target: edit.target }]);
      else session.set(['edges', edges.length], { source: edit.source, target: edit.target }, true);
      return session.result();
    }
    case 'disconnect': {
      session.removeItems(['edges'], edges, (e) => isJsonObject(e) && e.source === edit.source && e.target === edit.target);
      return session.result();
    }
    case 'move': {
      for (const p of edit.positions) {
        const position = { x: Math.round(p.x), y: Math.round(p.y) };
        if (p.id === START_ID || p.id === END_ID) {
          const layout = isJsonObject(root.layout) ? root.layout : undefined;
          if (!layout) session.set(['layout'], { [p.id]: position }, false, insertAfter(['$schema', 'version', 'name', 'description', 'blocks', 'edges', 'constraints']));
          else session.set(['layout', p.id], position);
          // The layout object may have been created by the previous iteration: re-read for the second fixed node.
          root.layout = { ...(layout ?? {}), [p.id]: position };
        } else {
          const at = blockIndex(p.id);
          const current = readPosition((blocks[at] as Record<string, unknown>).position);
          if (current.x === position.x && current.y === position.y) continue;
          session.set(['blocks', at, 'position'], position);
        }
      }
      return session.result();
    }
    case 'configure': {
      const at = blockIndex(edit.blockId);
      const block = blocks[at] as Record<string, unknown>;
      const config = isJsonObject(block.config) ? block.config : undefined;
      const onlyKey = config !== undefined && Object.keys(config).length === 1 && Object.hasOwn(config, edit.key);
      // Writing the whole object when it is missing or loses its last key keeps `{}` on one line, as serialize does.
      if (!config || (onlyKey && edit.value === undefined)) session.set(['blocks', at, 'config'], edit.value === undefined ? {} : { [edit.key]: edit.value });
      else session.set(['blocks', at, 'config', edit.key], edit.value);
      return session.result();
    }
    case 'renameBlock': {
      const at = blockIndex(edit.blockId);
      const name = edit.name.trim();
      session.set(['blocks', at, 'name'], name === '' ? undefined : name, false, insertAfter(['id', 'type']));
      return session.result();
    }
    case 'renamePipeline':
      session.set(['name'], edit.name, false, insertAfter(['$schema', 'version']));
      return session.result();
    case 'setConstraint': {
      if (!CONSTRAINT_KEYS.includes(edit.key)) throw new PipelineEditError(`"${edit.key}" is not a pipeline constraint; use one of ${CONSTRAINT_KEYS.join(', ')}.`);
      const value = edit.value === null || edit.value < 0 ? undefined : edit.value;
      if (!isJsonObject(root.constraints)) {
        if (value !== undefined) session.set(['constraints'], { [edit.key]: value }, false, insertAfter(['$schema', 'version', 'name', 'description', 'blocks', 'edges']));
      } else {
        const order = CONSTRAINT_KEYS.slice(0, CONSTRAINT_KEYS.indexOf(edit.key));
        session.set(['constraints', edit.key], value, false, insertAfter(order));
      }
      return session.result();
    }
  }
}

/** A readable id from the block type (`TextGenerator` → `text_generator`, then `text_generator_2`, …). */
export function uniqueBlockId(type: string, blocks: readonly unknown[]): string {
  const base =
    type
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9_-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase() || 'block';
  const taken = new Set(blocks.map((b) => (isJsonObject(b) ? String(b.id) : '')));
  taken.add(START_ID);
  taken.add(END_ID);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

function newBlock(id: string, type: string, name: string | undefined, config: Record<string, unknown>, position: Position): Record<string, unknown> {
  const block: Record<string, unknown> = { id, type };
  if (name) block.name = name;
  block.config = config;
  block.position = { x: Math.round(position.x), y: Math.round(position.y) };
  return block;
}

function readPosition(value: unknown): Position {
  if (isJsonObject(value) && typeof value.x === 'number' && typeof value.y === 'number') return { x: value.x, y: value.y };
  return { x: 0, y: 0 };
}

function readRoot(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new PipelineEditError('The file is not valid JSON right now, so the canvas cannot change it; fix it in the text editor first.');
  }
  if (!isJsonObject(value)) throw new PipelineEditError('The file is not a JSON object, so the canvas cannot change it; fix it in the text editor first.');
  return value;
}

/** Where a new property goes: after the last of `before` that the object has (serializePipeline's key order). */
function insertAfter(before: readonly string[]): (properties: string[]) => number {
  return (properties) => {
    let at = 0;
    properties.forEach((p, i) => {
      if (before.includes(p)) at = i + 1;
    });
    return at;
  };
}

/** Accumulates jsonc-parser edits, each computed on the text so far, and maps them back to the original text. */
class EditSession {
  private current: string;
  private readonly steps: Edit[][] = [];

  constructor(private readonly original: string) {
    this.current = original;
  }

  set(path: JSONPath, value: unknown, isArrayInsertion = false, getInsertionIndex?: (properties: string[]) => number): void {
    const edits = modify(this.current, path, value, { ...FORMAT, isArrayInsertion, getInsertionIndex });
    if (edits.length === 0) return;
    this.current = applyEdits(this.current, edits);
    this.steps.push(edits);
  }

  /** Removes the items matching `gone`, highest index first (earlier indexes stay valid); all of them → `[]`. */
  removeItems(path: JSONPath, items: readonly unknown[], gone: (item: unknown) => boolean): void {
    const idx = items.map((item, i) => (gone(item) ? i : -1)).filter((i) => i >= 0);
    if (idx.length === 0) return;
    if (idx.length === items.length) return this.set(path, []);
    for (const i of idx.reverse()) this.set([...path, i], undefined);
  }

  result(createdId?: string): EditResult {
    return { text: this.current, changes: this.steps.length === 0 ? [] : [diffChange(this.original, this.current)].filter((c) => c.length > 0 || c.content.length > 0), createdId };
  }
}

/**
 * One replacement covering everything between the first and the last changed character. A single change maps
 * cleanly onto a WorkspaceEdit (several sequential jsonc edits would need their offsets rebased), and it is still
 * minimal for the usual one-property edit.
 */
export function diffChange(before: string, after: string): TextChange {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { offset: start, length: endBefore - start, content: after.slice(start, endAfter) };
}
