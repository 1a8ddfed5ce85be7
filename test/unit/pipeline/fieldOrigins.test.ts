import assert from 'node:assert/strict';
import { fieldOrigins } from '../../../src/core/pipeline/fieldOrigins';
import { fakeRegistry } from './fakeRegistry';
import { block, chain, pipeline } from './pipelineBuilders';

const registry = fakeRegistry();

describe('fieldOrigins', () => {
  it('names the seed or the block that wrote each field last', () => {
    const value = pipeline([block('g1', 'TextGenerator'), block('g2', 'TextGenerator'), block('check', 'JSONValidatorBlock')], chain('g1', 'g2', 'check'));
    const at = fieldOrigins(value, registry, ['assistant', 'topic']).get('check');
    assert.deepEqual(at, {
      complete: true,
      fields: [
        { name: 'assistant', origin: { kind: 'block', blockId: 'g2', blockType: 'TextGenerator' } },
        { name: 'topic', origin: { kind: 'seed' } },
        { name: 'system', origin: { kind: 'block', blockId: 'g2', blockType: 'TextGenerator' } },
        { name: 'user', origin: { kind: 'block', blockId: 'g2', blockType: 'TextGenerator' } },
      ],
    });
  });

  it('is not complete after dynamic outputs or an unknown type, nor for a block Start does not reach', () => {
    const value = pipeline([block('map', 'FieldMapper'), block('gen', 'TextGenerator'), block('odd', 'Unknown'), block('val', 'ValidatorBlock'), block('lone', 'TextGenerator')], [
      ...chain('map', 'gen'),
      { source: 'odd', target: 'val' },
    ]);
    const origins = fieldOrigins(value, registry, ['x']);
    assert.equal(origins.get('map')?.complete, true);
    assert.equal(origins.get('gen')?.complete, false);
    assert.equal(origins.get('val')?.complete, false);
    assert.equal(origins.get('lone')?.complete, false);
  });
});
