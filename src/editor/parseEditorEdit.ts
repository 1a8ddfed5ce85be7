import {
  expectArray,
  expectJson,
  expectNumber,
  expectObject,
  expectOneOf,
  expectOptionalString,
  expectString,
  InvalidMessageError,
} from '../host/messageGuards';
import type { PipelineEdit } from '../core/pipeline/pipelineEdits';
import type { EditorEditKind } from '../shared/editorProtocol';

const KINDS: readonly EditorEditKind[] = ['addBlock', 'remove', 'connect', 'disconnect', 'move', 'configure', 'renameBlock', 'renamePipeline', 'duplicate', 'setConstraint'];

/** Checks an edit posted by the webview (untrusted web content) field by field, into the engine's edit. */
export function parseEditorEdit(value: unknown, path = 'edit'): PipelineEdit {
  const o = expectObject(value, path);
  const kind = expectOneOf(o.kind, KINDS, `${path}.kind`);
  const str = (key: string) => expectString(o[key], `${path}.${key}`);
  const xy = (v: unknown, p: string) => {
    const q = expectObject(v, p);
    return { x: expectNumber(q.x, `${p}.x`), y: expectNumber(q.y, `${p}.y`) };
  };
  const edgeRef = (v: unknown, p: string) => {
    const q = expectObject(v, p);
    return { source: expectString(q.source, `${p}.source`), target: expectString(q.target, `${p}.target`) };
  };
  switch (kind) {
    case 'addBlock': {
      const name = expectOptionalString(o.name, `${path}.name`);
      return { kind, type: str('type'), ...(name !== undefined ? { name } : {}), config: expectJson(expectObject(o.config, `${path}.config`), `${path}.config`) as Record<string, unknown>, position: xy(o.position, `${path}.position`) };
    }
    case 'remove':
      return { kind, blockIds: expectArray(o.blockIds, `${path}.blockIds`, expectString), edges: expectArray(o.edges, `${path}.edges`, edgeRef) };
    case 'connect':
    case 'disconnect':
      return { kind, source: str('source'), target: str('target') };
    case 'move':
      return { kind, positions: expectArray(o.positions, `${path}.positions`, (v, p) => ({ id: expectString(expectObject(v, p).id, `${p}.id`), ...xy(v, p) })) };
    case 'configure':
      return { kind, blockId: str('blockId'), key: str('key'), ...(o.value !== undefined ? { value: expectJson(o.value, `${path}.value`) } : {}) };
    case 'renameBlock':
      return { kind, blockId: str('blockId'), name: str('name') };
    case 'renamePipeline': {
      const name = str('name');
      if (name.trim() === '') throw new InvalidMessageError(`${path}.name must not be empty: a pipeline needs a name`);
      return { kind, name };
    }
    case 'duplicate':
      return { kind, blockId: str('blockId') };
    case 'setConstraint':
      return { kind, key: str('key'), value: o.value === null ? null : expectNumber(o.value, `${path}.value`) };
  }
}
