import assert from 'node:assert/strict';
import { encodeBatch, scanJournal } from '../../../../src/core/store/durable/journalFormat';

function journal(...seqs: number[]): Buffer {
  return Buffer.concat(seqs.map((seq) => encodeBatch(seq, JSON.stringify([{ t: 'add', id: seq, v: `é ${seq}` }]))));
}

describe('journal line format', () => {
  it('is one JSON object per line with seq, ops and a crc32 last', () => {
    const line = encodeBatch(7, '[{"t":"x"}]').toString('utf8');
    assert.match(line, /^\{"seq":7,"ops":\[\{"t":"x"\}\],"crc":"[0-9a-f]{8}"\}\n$/);
    assert.deepEqual(Object.keys(JSON.parse(line) as object), ['seq', 'ops', 'crc']);
  });

  it('reads back every batch and the byte length of the good prefix', () => {
    const data = journal(1, 2, 3);
    const scan = scanJournal(data, 0);
    assert.deepEqual(scan.batches.map((b) => b.seq), [1, 2, 3]);
    assert.deepEqual(scan.batches[0]?.ops, [{ t: 'add', id: 1, v: 'é 1' }]);
    assert.equal(scan.validBytes, data.length);
    assert.equal(scan.lastSeq, 3);
    assert.equal(scan.problem, undefined);
  });

  it('skips lines already in the snapshot', () => {
    const scan = scanJournal(journal(4, 5, 6), 5);
    assert.deepEqual(scan.batches.map((b) => b.seq), [6]);
    assert.equal(scan.lastSeq, 6);
  });

  it('ignores a torn last line (no newline yet)', () => {
    const whole = journal(1, 2);
    const torn = Buffer.concat([whole, journal(3).subarray(0, 20)]);
    const scan = scanJournal(torn, 0);
    assert.deepEqual(scan.batches.map((b) => b.seq), [1, 2]);
    assert.equal(scan.validBytes, whole.length);
    assert.equal(scan.tornBytes, 20);
    assert.equal(scan.problem, undefined);
  });

  it('detects a corrupted line in the middle: keeps what is before it, counts what is lost', () => {
    const data = journal(1, 2, 3, 4);
    const second = data.indexOf('\n') + 1;
    data[second + 15] ^= 0x01;
    const scan = scanJournal(data, 0);
    assert.deepEqual(scan.batches.map((b) => b.seq), [1]);
    assert.equal(scan.validBytes, second);
    assert.deepEqual(scan.problem, { line: 2, reason: 'checksum mismatch', linesKept: 1, linesLost: 3 });
  });

  it('detects a line without checksum, a gap and a repeated seq', () => {
    const noCrc = Buffer.from('{"seq":1,"ops":[{"t":"add","id":1}]}\n');
    assert.equal(scanJournal(noCrc, 0).problem?.reason, 'no checksum at the end of the line');
    assert.match(scanJournal(journal(1, 3), 0).problem?.reason ?? '', /seq 3 does not follow seq 1/);
    assert.match(scanJournal(journal(1, 1), 0).problem?.reason ?? '', /seq 1 does not follow seq 1/);
    assert.match(scanJournal(journal(9, 10), 5).problem?.reason ?? '', /journal continues at seq 9 but the database snapshot ends at seq 5/);
  });

  it('a zero-filled tail (power loss after a size update) reads as a torn line', () => {
    const data = Buffer.concat([journal(1), Buffer.alloc(300)]);
    const scan = scanJournal(data, 0);
    assert.equal(scan.batches.length, 1);
    assert.equal(scan.tornBytes, 300);
    assert.equal(scan.problem, undefined);
  });
});
