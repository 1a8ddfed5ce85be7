import assert from 'node:assert/strict';
import { chunkBaseMetadata, pendingRepetitions, repetitionUnits, seedChunkUnits, totalRepetitions } from '../../../src/core/run/unitPlan';
import { chunkKey, parseUnitKey } from '../../../src/core/records/unitKeys';
import type { Seed, SeedList } from '../../../src/core/seeds/seedTypes';

/** A seed list that counts how often seeds are read, with `repetitions` per seed. */
function countingSeeds(repetitions: number[]): SeedList & { reads: number } {
  const list = {
    reads: 0,
    length: repetitions.length,
    at(i: number): Seed | undefined {
      list.reads++;
      return i < repetitions.length ? { repetitions: repetitions[i], metadata: { n: i } } : undefined;
    },
    repetitionsAt: (i: number) => repetitions[i] ?? 0,
    *[Symbol.iterator]() {
      for (let i = 0; i < repetitions.length; i++) yield list.at(i) as Seed;
    },
  };
  return list;
}

describe('unitPlan', () => {
  it('generates units one at a time: a plan of 10^12 units yields its first ones at once', () => {
    const seeds = countingSeeds([1e12, 3]);
    assert.equal(totalRepetitions(seeds), 1e12 + 3);
    const units = repetitionUnits(seeds);
    assert.equal(Array.isArray(units), false);
    const first = [units.next().value, units.next().value, units.next().value];
    assert.deepEqual(
      first.map((u) => u?.key),
      ['s0.r0', 's0.r1', 's0.r2'],
    );
    assert.equal(seeds.reads, 1, 'a seed is read once for all its repetitions');
    assert.equal(first[0]?.metadata, first[2]?.metadata);
  });

  it('skips done units and reads a seed only when one of its units is wanted', () => {
    const seeds = countingSeeds([2, 2, 1]);
    const doneKeys = new Set(['s0.r0', 's0.r1', 's1.r0']);
    assert.deepEqual(
      [...repetitionUnits(seeds, { doneKeys })].map((u) => u.key),
      ['s1.r1', 's2.r0'],
    );
    assert.equal(seeds.reads, 2, 'seed 0 is all done: never read');
    assert.equal(pendingRepetitions(seeds, { doneKeys }), 2);
  });

  it('counts pending units from the keys, ignoring keys outside the plan', () => {
    const seeds = countingSeeds([3, 1e6]);
    const doneKeys = new Set(['s0.r0', 's1.r999999', 's1.r1000000', 's7.r0', 's0.c0', 'junk']);
    assert.equal(pendingRepetitions(seeds, { doneKeys }), 3 + 1e6 - 2);
    assert.equal(seeds.reads, 0);
  });

  it('retry: only the given keys, a seed key meaning all of its units not done', () => {
    const seeds = countingSeeds([3, 2]);
    const filter = { doneKeys: new Set(['s1.r0']), onlyKeys: new Set(['s0.r2', 's0.r9', 's1', 's1.r1']) };
    assert.deepEqual(
      [...repetitionUnits(seeds, filter)].map((u) => u.key),
      ['s0.r2', 's1.r1'],
    );
    assert.equal(pendingRepetitions(seeds, filter), 2);
  });

  it('parses unit keys', () => {
    assert.deepEqual(parseUnitKey('s12.r3'), { seedIndex: 12, repetition: 3 });
    assert.deepEqual(parseUnitKey('s0.c7'), { seedIndex: 0, chunkIndex: 7 });
    assert.deepEqual(parseUnitKey('s4'), { seedIndex: 4 });
    assert.equal(parseUnitKey('s4.x1'), undefined);
  });

  // The original's job processor runs a multiplier seed `repetitions` times (nicofretti/DataGenFlow
  // lib/job_processor.py); the old plan ran its chunks once, whatever the repetitions.
  it('chunk units: a seed\'s chunks once per repetition, the first with the plain key, its metadata less the document', () => {
    assert.equal(chunkKey(3, 2), 's3.c2');
    assert.equal(chunkKey(3, 2, 1), 's3.c2.r1');
    assert.deepEqual(parseUnitKey('s3.c2.r1'), { seedIndex: 3, chunkIndex: 2, repetition: 1 });
    const base = chunkBaseMetadata({ file_content: '# Doc', topic: 'tea' }, ['file_content']);
    assert.deepEqual(base, { topic: 'tea' });
    const items = [{ chunk_text: 'a', chunk_index: 0 }, { chunk_text: 'b', chunk_index: 1 }];
    const planned = seedChunkUnits(3, 2, base, items, { doneKeys: new Set(['s3.c0', 's3.c1.r1']) });
    assert.equal(planned.total, 4);
    assert.equal(planned.skipped(), 2);
    assert.deepEqual([...planned.units].map((u) => [u.key, u.chunkIndex, u.metadata]), [
      ['s3.c1', 1, { topic: 'tea', chunk_text: 'b', chunk_index: 1 }],
      ['s3.c0.r1', 0, { topic: 'tea', chunk_text: 'a', chunk_index: 0 }],
    ]);
  });
});
