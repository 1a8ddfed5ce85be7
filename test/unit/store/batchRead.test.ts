import assert from 'node:assert/strict';
import { readPayloads } from '../../../src/core/store/payload/batchRead';
import type { PayloadPointer } from '../../../src/core/store/payload/payloadStore';

describe('readPayloads', () => {
  it('reads neighbouring payloads with one read each run and returns them in the order asked', () => {
    const segments = [Buffer.from('aaaabbbbccccdddd'), Buffer.alloc(200_000, 'x')];
    segments[1].write('far', 150_000);
    segments[1].write('near', 0);
    const reads: PayloadPointer[] = [];
    const reader = {
      read: (_jobId: number, pointer: PayloadPointer) => {
        reads.push(pointer);
        return segments[pointer[0]].subarray(pointer[1], pointer[1] + pointer[2]);
      },
    };
    const pointers: PayloadPointer[] = [[0, 8, 4], [1, 150_000, 3], [0, 0, 4], [1, 0, 4], [0, 12, 4]];
    const got = readPayloads(reader, 1, pointers).map((b) => b.toString());
    assert.deepEqual(got, ['cccc', 'far', 'aaaa', 'near', 'dddd']);
    // Segment 0 in one read (the gap of 4 bytes included); in segment 1 the two are too far apart.
    assert.deepEqual(reads, [[0, 0, 16], [1, 0, 4], [1, 150_000, 3]]);
  });
});
