import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { applyPipelineEdit, diffChange, PipelineEditError, uniqueBlockId, type PipelineEdit } from '../../../src/core/pipeline/pipelineEdits';
import { parsePipeline } from '../../../src/core/pipeline/parsePipeline';
import type { PipelineFile } from '../../../src/core/pipeline/pipelineTypes';
import { serializePipeline } from '../../../src/core/pipeline/serializePipeline';

const registry = createBlockRegistry();
const template = readFileSync('templates/text_classification.dgf.json', 'utf8');

/** A canonical file with unknown fields at every level. */
const withExtras = serializePipeline({
  $schema: './pipeline.schema.json',
  version: 1,
  name: 'Extras',
  blocks: [
    { id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Say {{ topic }}' }, position: { x: 0, y: 100 }, color: 'blue' },
    { id: 'check', type: 'ValidatorBlock', config: { min_length: 3 }, position: { x: 0, y: 250 } },
  ],
  edges: [
    { source: 'start', target: 'gen', label: 'first' },
    { source: 'gen', target: 'check' },
    { source: 'check', target: 'end' },
  ],
  owner: 'team-a',
} as PipelineFile);

function apply(text: string, edit: PipelineEdit) {
  const result = applyPipelineEdit(text, edit);
  // The changes rebuild the new text from the old one.
  let rebuilt = text;
  for (const c of [...result.changes].reverse()) rebuilt = rebuilt.slice(0, c.offset) + c.content + rebuilt.slice(c.offset + c.length);
  assert.equal(rebuilt, result.text);
  return result;
}

function parsed(text: string): PipelineFile {
  return JSON.parse(text) as PipelineFile;
}

const EDITS: PipelineEdit[] = [
  { kind: 'addBlock', type: 'TextGenerator', config: { user_prompt: 'Hi {{ x }}' }, position: { x: 300.4, y: 120 } },
  { kind: 'remove', blockIds: ['check'], edges: [] },
  { kind: 'connect', source: 'gen', target: 'end' },
  { kind: 'disconnect', source: 'gen', target: 'check' },
  { kind: 'move', positions: [{ id: 'gen', x: 10, y: 20 }, { id: 'start', x: 0, y: -50 }, { id: 'end', x: 0, y: 400 }] },
  { kind: 'configure', blockId: 'gen', key: 'temperature', value: 0.2 },
  { kind: 'configure', blockId: 'gen', key: 'user_prompt' },
  { kind: 'renameBlock', blockId: 'check', name: 'Check length' },
  { kind: 'renamePipeline', name: 'Renamed' },
  { kind: 'duplicate', blockId: 'gen' },
  { kind: 'setConstraint', key: 'max_total_tokens', value: 1000 },
];

describe('pipeline edits (canvas actions → document text)', () => {
  for (const edit of EDITS) {
    it(`${edit.kind} keeps unknown fields and the canonical formatting`, () => {
      const { text } = apply(withExtras, edit);
      assert.notEqual(text, withExtras);
      // Canonical in, canonical out: the edited text is exactly what serializePipeline writes for it.
      assert.equal(text, serializePipeline(parsed(text)));
      const p = parsed(text);
      assert.equal(p.owner, 'team-a');
      assert.equal(p.$schema, './pipeline.schema.json');
      const gen = p.blocks.find((b) => b.id === 'gen');
      if (gen) assert.equal(gen.color, 'blue');
      const first = p.edges.find((e) => e.source === 'start' && e.target === 'gen');
      if (first) assert.equal(first.label, 'first');
    });
  }

  it('changes only the touched lines (minimal diff)', () => {
    const { changes } = apply(withExtras, { kind: 'configure', blockId: 'check', key: 'min_length', value: 5 });
    assert.deepEqual(changes, [{ offset: withExtras.indexOf('3\n', withExtras.indexOf('"min_length"')), length: 1, content: '5' }]);
    const moved = apply(template, { kind: 'move', positions: [{ id: 'classify', x: 7, y: 150 }] });
    assert.equal(moved.changes.length, 1);
    assert.equal(moved.changes[0].content, '7');
  });

  it('adds a block with a readable unique id in key order, and reports the id', () => {
    const first = apply(withExtras, { kind: 'addBlock', type: 'TextGenerator', name: 'Writer', config: {}, position: { x: 1, y: 2 } });
    assert.equal(first.createdId, 'text_generator');
    const second = apply(first.text, { kind: 'addBlock', type: 'TextGenerator', config: {}, position: { x: 1, y: 2 } });
    assert.equal(second.createdId, 'text_generator_2');
    const added = parsed(second.text).blocks.at(-1);
    assert.deepEqual(Object.keys(added!), ['id', 'type', 'config', 'position']);
    assert.deepEqual(Object.keys(parsed(first.text).blocks.at(-1)!), ['id', 'type', 'name', 'config', 'position']);
    assert.equal(uniqueBlockId('Start', [{ id: 'x' }]), 'start_2');
  });

  it('removing a block removes its edges; duplicate copies config and offsets the copy', () => {
    const removed = parsed(apply(withExtras, { kind: 'remove', blockIds: ['gen'], edges: [] }).text);
    assert.deepEqual(removed.blocks.map((b) => b.id), ['check']);
    assert.deepEqual(removed.edges, [{ source: 'check', target: 'end' }]);
    const edgeOnly = parsed(apply(withExtras, { kind: 'remove', blockIds: [], edges: [{ source: 'gen', target: 'check' }] }).text);
    assert.equal(edgeOnly.edges.length, 2);
    const dup = apply(withExtras, { kind: 'duplicate', blockId: 'gen' });
    const copy = parsed(dup.text).blocks.find((b) => b.id === dup.createdId)!;
    assert.deepEqual(copy.config, { user_prompt: 'Say {{ topic }}' });
    assert.deepEqual(copy.position, { x: 40, y: 140 });
  });

  it('keeps the start and end nodes: removing them does nothing; moving them writes layout', () => {
    assert.equal(apply(withExtras, { kind: 'remove', blockIds: ['start', 'end'], edges: [] }).text, withExtras);
    const moved = parsed(apply(withExtras, { kind: 'move', positions: [{ id: 'start', x: 5, y: 6 }, { id: 'end', x: 7, y: 8 }] }).text);
    assert.deepEqual(moved.layout, { start: { x: 5, y: 6 }, end: { x: 7, y: 8 } });
  });

  it('puts the name after the type and constraints before the layout, as serializePipeline does', () => {
    const renamed = apply(withExtras, { kind: 'renameBlock', blockId: 'check', name: '  Length  ' }).text;
    assert.deepEqual(Object.keys(parsed(renamed).blocks[1]), ['id', 'type', 'name', 'config', 'position']);
    const unnamed = apply(renamed, { kind: 'renameBlock', blockId: 'check', name: '' }).text;
    assert.equal(unnamed, withExtras);
    const limited = apply(withExtras, { kind: 'setConstraint', key: 'max_total_execution_time', value: 60 }).text;
    assert.equal(parsed(limited).constraints?.max_total_execution_time, 60);
    assert.equal(apply(limited, { kind: 'setConstraint', key: 'max_total_execution_time', value: null }).text.includes('max_total_execution_time'), false);
  });

  it('the template stays valid and canonical through a series of edits', () => {
    let text = template;
    text = apply(text, { kind: 'addBlock', type: 'ValidatorBlock', config: { min_length: 1 }, position: { x: 0, y: 600 } }).text;
    text = apply(text, { kind: 'disconnect', source: 'validate', target: 'end' }).text;
    text = apply(text, { kind: 'connect', source: 'validate', target: 'validator_block' }).text;
    text = apply(text, { kind: 'connect', source: 'validator_block', target: 'end' }).text;
    assert.equal(text, serializePipeline(parsed(text)));
    assert.deepEqual(parsePipeline(text, registry).problems.filter((p) => p.severity === 'error'), []);
  });

  it('refuses edits it cannot apply with a typed error saying what to do', () => {
    assert.throws(() => applyPipelineEdit('{ "blocks": [', { kind: 'renamePipeline', name: 'x' }), (e: unknown) => e instanceof PipelineEditError && /not valid JSON.*text editor/.test(e.message));
    assert.throws(() => applyPipelineEdit(withExtras, { kind: 'configure', blockId: 'nope', key: 'a', value: 1 }), /no block "nope"/);
    assert.throws(() => applyPipelineEdit(withExtras, { kind: 'setConstraint', key: 'max_fun', value: 1 }), /not a pipeline constraint/);
  });

  it('diffChange finds the smallest replacement', () => {
    assert.deepEqual(diffChange('abcdef', 'abXYef'), { offset: 2, length: 2, content: 'XY' });
    assert.deepEqual(diffChange('abc', 'abc'), { offset: 3, length: 0, content: '' });
  });
});

describe('pipeline edits at the edges of the format', () => {
  it('removing every block and edge leaves canonical empty arrays', () => {
    const text = applyPipelineEdit(withExtras, { kind: 'remove', blockIds: ['gen', 'check'], edges: [] }).text;
    assert.equal(text, serializePipeline(parsed(text)));
    assert.deepEqual(parsed(text).blocks, []);
    assert.deepEqual(parsed(text).edges, []);
  });
});
