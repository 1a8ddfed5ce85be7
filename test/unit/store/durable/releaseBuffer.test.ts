import { strict as assert } from 'node:assert';
import { releaseBuffer } from '../../../../src/core/store/durable/releaseBuffer';

describe('releaseBuffer', () => {
  it('detaches a snapshot-sized buffer at once, so its memory does not wait for a full collection', () => {
    const data = new Uint8Array(8 * 1024 * 1024).fill(7);
    const view = data.subarray(16);
    releaseBuffer(view);
    assert.equal(data.length, 0);
    assert.equal(data.buffer.byteLength, 0);
  });

  it('leaves a buffer it cannot transfer as it is (WebAssembly memory)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const view = new Uint8Array(memory.buffer);
    releaseBuffer(view);
    assert.equal(view.length, 65536);
  });
});
