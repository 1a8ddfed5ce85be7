import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { exited, spawnTs } from './durable/childProcess';
import { tempDir } from './durable/itemsStore';
import { result } from './storeTestKit';

const KILLS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGKILLs a writer whose record payloads go to segment files at random moments (snapshots happen often), and
 * checks after each kill, through the real open, that every acknowledged record is there once with its payload
 * exactly as written: a journaled pointer never points at bytes the kill lost.
 */
describe('record payloads in segment files: SIGKILL at random moments', function () {
  this.timeout(180_000);

  it(`keeps every acknowledged record and its payload across ${KILLS} kills`, async () => {
    const path = join(await tempDir('dgf-segment-crash-'), 'datagenflow.db');
    const acked = new Set<string>();
    for (let run = 0; run < KILLS; run++) {
      const child = spawnTs('test/unit/store/segmentCrashWriter.ts', [path]);
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      while (!out.includes('\n') && child.exitCode === null) await sleep(5);
      assert.match(out, /^ready\n/, `run ${run} did not start: ${err}`);
      await sleep(100 + Math.floor(Math.random() * 400));
      child.kill('SIGKILL');
      await exited(child);
      assert.equal(err, '', `run ${run} wrote to stderr`);
      for (const line of out.split('\n').slice(0, -1)) if (line.startsWith('ack ')) acked.add(line.slice(4));

      const opened = await openWorkspaceStore(path, 'crash test');
      try {
        assert.deepEqual(opened.notices.filter((n) => /could not be read|skipped/.test(n)), [], 'nothing corrupt or lost');
        const keys: string[] = [];
        for await (const record of opened.store.jobRecords(1)) {
          keys.push(record.unitKey);
          const [seed, rep] = record.unitKey.slice(1).split('.r').map(Number);
          const expected = result(seed, rep, (seed * 5 + rep) % 13 === 0);
          assert.deepEqual([record.output, record.metadata, record.trace], [expected.status === 'failed' ? null : expected.output, expected.metadata, expected.trace], record.unitKey);
        }
        assert.equal(new Set(keys).size, keys.length, 'no unit twice');
        const stored = new Set(keys);
        for (const key of acked) assert.ok(stored.has(key), `acknowledged ${key} is stored (run ${run})`);
      } finally {
        await opened.close();
      }
    }
    assert.ok(acked.size > 50, `${acked.size} records acknowledged`);
  });
});
