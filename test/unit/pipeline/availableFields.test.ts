import assert from 'node:assert/strict';
import { availableFields } from '../../../src/core/pipeline/availableFields';
import { fakeRegistry } from './fakeRegistry';
import { block, chain, pipeline } from './pipelineBuilders';

const registry = fakeRegistry();

describe('availableFields', () => {
  it('gives each block the seed fields plus the outputs of the blocks before it', () => {
    const value = pipeline([block('check', 'JSONValidatorBlock'), block('gen', 'TextGenerator'), block('val', 'ValidatorBlock')], chain('gen', 'check', 'val'));
    const fields = availableFields(value, registry, ['content', 'topic']);
    assert.deepEqual(fields.get('gen'), ['content', 'topic']);
    assert.deepEqual(fields.get('check'), ['content', 'topic', 'assistant', 'system', 'user']);
    assert.deepEqual(fields.get('val'), ['content', 'topic', 'assistant', 'system', 'user', 'valid', 'parsed_json']);
  });

  it('leaves out dynamic outputs ("*") and unknown block types', () => {
    const value = pipeline([block('map', 'FieldMapper'), block('odd', 'Unknown'), block('gen', 'TextGenerator')], chain('map', 'odd', 'gen'));
    assert.deepEqual(availableFields(value, registry, ['x']).get('gen'), ['x']);
  });

  it('gives blocks after a multiplier its items, not the seed', () => {
    const value = pipeline([block('split', 'MarkdownMultiplierBlock'), block('gen', 'TextGenerator'), block('check', 'JSONValidatorBlock')], chain('split', 'gen', 'check'));
    const fields = availableFields(value, registry, ['file_content']);
    assert.deepEqual(fields.get('split'), ['file_content']);
    assert.deepEqual(fields.get('gen'), ['chunk_text', 'chunk_index']);
    assert.deepEqual(fields.get('check'), ['chunk_text', 'chunk_index', 'assistant', 'system', 'user']);
  });

  // JSON seeds of documents carry their other metadata into each chunk (the original keeps the seed's metadata
  // with every chunk's record, lib/job_processor.py); the old canvas showed no seed field after a multiplier.
  it('gives blocks after a multiplier the seed fields other than its document', () => {
    const value = pipeline([block('split', 'MarkdownMultiplierBlock'), block('gen', 'TextGenerator')], chain('split', 'gen'));
    const fields = availableFields(value, registry, ['file_content', 'topic']);
    assert.deepEqual(fields.get('gen'), ['topic', 'chunk_text', 'chunk_index']);
  });

  it('answers for a half-built pipeline from the edges that exist', () => {
    const value = pipeline([block('gen', 'TextGenerator'), block('check', 'JSONValidatorBlock'), block('lone', 'ValidatorBlock')], [{ source: 'gen', target: 'check' }]);
    const fields = availableFields(value, registry, ['content']);
    assert.deepEqual(fields.get('check'), ['content', 'assistant', 'system', 'user']);
    assert.deepEqual(fields.get('lone'), ['content']);
    assert.equal(fields.size, 3);
  });

  it('does not list a field twice', () => {
    const value = pipeline([block('g1', 'TextGenerator'), block('g2', 'TextGenerator'), block('c', 'JSONValidatorBlock')], chain('g1', 'g2', 'c'));
    assert.deepEqual(availableFields(value, registry, ['assistant']).get('c'), ['assistant', 'system', 'user']);
  });
});
