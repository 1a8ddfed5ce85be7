import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import type { BlockSpec } from '../../../src/core/pipeline/pipelineTypes';
import type { UnitResult } from '../../../src/core/records/unitResult';
import { runJob } from '../../../src/core/run/jobRunner';
import { FileSeedList, SeedFileChangedError, seedByteSpans, seedsReadFromFile } from '../../../src/core/seeds/fileSeedList';
import { parseSeeds } from '../../../src/core/seeds/parseSeeds';
import { JsonSeedList } from '../../../src/core/seeds/seedList';
import type { SeedList } from '../../../src/core/seeds/seedTypes';
import { ScriptedLlm } from '../helpers/scriptedLlm';
import { waitUntil } from '../helpers/waitUntil';

describe('seedsReadFromFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dgf-file-seeds-'));
  });
  const lists: SeedList[] = [];
  afterEach(async () => {
    for (const list of lists.splice(0)) list.release?.();
    await rm(dir, { recursive: true, force: true });
  });

  /** Writes `bytes` as a seed file and returns its parsed seeds turned into a file-backed list. */
  async function fromFile(text: string, bytes: string | Buffer = text): Promise<{ file: string; memory: SeedList; list: SeedList }> {
    const file = join(dir, 'seeds.json');
    await writeFile(file, bytes);
    const memory = parseSeeds(text, 'seeds.json').seeds;
    const list = await seedsReadFromFile(memory, text, file);
    lists.push(list);
    return { file, memory, list };
  }
  const all = (list: SeedList) => Array.from({ length: list.length }, (_, i) => list.at(i));

  it('reads every seed from the file, the same seeds as the text gave, with multi-byte characters, CRLF and a byte order mark', async () => {
    const text = '\ufeff[\r\n  {"repetitions": 2, "metadata": {"q": "héllo wörld", "emoji": "🙂🙃"}},\r\n  {"metadata": {"q": "日本語のテキスト"}},\r\n  {"repetitions": 0, "metadata": {"q": "plain"}}\r\n]\r\n';
    const { memory, list } = await fromFile(text);
    assert.ok(list instanceof FileSeedList, 'a JSON seed file on disk is read from the file');
    assert.deepEqual(all(list), all(memory));
    assert.deepEqual([0, 1, 2].map((i) => list.repetitionsAt(i)), [2, 1, 0]);
    assert.equal(list.at(3), undefined);
    assert.deepEqual([...list], all(memory));
  });

  it('reads seeds in any order, and a seed larger than the read window', async () => {
    const big = 'x'.repeat(1_500_000);
    const text = JSON.stringify([{ metadata: { n: 1 } }, { metadata: { big } }, { metadata: { n: 3, s: 'ünï' } }]);
    const { list } = await fromFile(text);
    assert.ok(list instanceof FileSeedList);
    assert.deepEqual(list.at(2)?.metadata, { n: 3, s: 'ünï' });
    assert.equal((list.at(1)?.metadata.big as string).length, 1_500_000);
    assert.deepEqual(list.at(0)?.metadata, { n: 1 });
  });

  it('keeps the text when the file on disk is not that text (changed since it was read, or not valid UTF-8)', async () => {
    const text = JSON.stringify([{ metadata: { q: 'a' } }]);
    const changed = await fromFile(text, JSON.stringify([{ metadata: { q: 'ab' } }]));
    assert.ok(changed.list instanceof JsonSeedList);
    assert.deepEqual(changed.list.at(0)?.metadata, { q: 'a' });
    // 0xff is not UTF-8: the text read as UTF-8 has U+FFFD (3 bytes) where the file has one byte.
    const invalid = Buffer.concat([Buffer.from('[{"metadata": {"q": "'), Buffer.from([0xff]), Buffer.from('"}}]')]);
    const replaced = await fromFile(invalid.toString('utf8'), invalid);
    assert.ok(replaced.list instanceof JsonSeedList);
    assert.deepEqual(replaced.list.at(0)?.metadata, { q: '\ufffd' });
  });

  it('reads from a snapshot: the seed file may be edited or deleted while the run goes on; release deletes the snapshot', async () => {
    const text = JSON.stringify([{ metadata: { q: 'first' } }, { metadata: { q: 'second' } }]);
    const { file, list } = await fromFile(text);
    const snapshots = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`datagenflow-seeds-${process.pid}-`));
    assert.equal((await snapshots()).length, 1, 'one snapshot of the seed file');
    await writeFile(file, (await readFile(file, 'utf8')).replace('second', 'SECOND'));
    assert.deepEqual(list.at(1)?.metadata, { q: 'second' }, 'the seeds as they were checked');
    await rm(file);
    assert.deepEqual(list.at(0)?.metadata, { q: 'first' });
    list.release?.();
    assert.deepEqual(await snapshots(), []);
  });

  it('a run taking a snapshot deletes those left by runs whose process was killed, not those of live processes', async () => {
    const ended = spawnSync(process.execPath, ['-e', '0']).pid;
    assert.ok(ended);
    const stale = join(tmpdir(), `datagenflow-seeds-${ended}-left-by-a-killed-run.json`);
    const live = join(tmpdir(), `datagenflow-seeds-${process.ppid}-of-a-live-process.json`);
    await writeFile(stale, '[]');
    await writeFile(live, '[]');
    try {
      await fromFile(JSON.stringify([{ metadata: { q: 'a' } }]));
      await waitUntil(() => !existsSync(stale)); // the snapshot of the ended process is deleted (in the background)
      assert.equal(existsSync(live), true, 'the snapshot of a live process is kept');
    } finally {
      await rm(stale, { force: true });
      await rm(live, { force: true });
    }
  });

  it('bytes that differ from what was checked fail with the file and the seed, not with other seeds', async () => {
    const text = JSON.stringify([{ metadata: { q: 'first' } }, { metadata: { q: 'second' } }]);
    const file = join(dir, 'seeds.json');
    await writeFile(file, text);
    const { start, end, repetitions } = (parseSeeds(text, 'seeds.json').seeds as JsonSeedList).spansInText();
    const spans = seedByteSpans(file, text, false, { start, end, repetitions });
    assert.ok(spans);
    await writeFile(file, text.replace('second', 'SECOND'));
    const list = new FileSeedList(file, spans, 'seeds.json');
    assert.deepEqual(list.at(0)?.metadata, { q: 'first' }, 'an unchanged seed still reads');
    assert.throws(() => list.at(1), (e: unknown) => e instanceof SeedFileChangedError && /^seeds\.json changed while the run was starting: seed 2 is no longer what was checked/.test(e.message));
    await writeFile(file, '[]');
    assert.equal(seedByteSpans(file, text, false, { start, end, repetitions }), undefined, 'a file cut short is not read from');
  });

  it('a job whose seeds no longer match fails with that reason instead of running other seeds', async () => {
    // 300 kB a seed: the first read window (1 MB) holds seeds 1–3, so seed 4 is read from the file after the edit.
    const pad = 'p'.repeat(300_000);
    const text = JSON.stringify(Array.from({ length: 6 }, (_, i) => ({ metadata: { topic: `t${i}`, pad } })));
    const file = join(dir, 'seeds.json');
    await writeFile(file, text);
    const { start, end, repetitions } = (parseSeeds(text, 'seeds.json').seeds as JsonSeedList).spansInText();
    const list = new FileSeedList(file, seedByteSpans(file, text, false, { start, end, repetitions })!, 'seeds.json');
    const results: UnitResult[] = [];
    const block: BlockSpec = { id: 'g', type: 'TextGenerator', config: { user_prompt: 'About {{ topic }}' }, position: { x: 0, y: 0 } };
    let calls = 0;
    const llm = new ScriptedLlm(async (r) => {
      // After the first answer the file is edited: the next seed read from it no longer matches.
      if (++calls === 1) await writeFile(file, text.replace('"t3"', '"T3"'));
      return `re: ${r.messages[0].content}`;
    });
    const summary = await runJob({ jobId: 'j', blocks: [block], seeds: list, registry: createBlockRegistry(), llm, concurrency: 1, sink: { write: async (r) => void results.push(r) } });
    assert.equal(summary.status, 'failed', 'the job stops: its seeds are no longer the ones checked');
    assert.match(summary.reason ?? '', /seeds\.json changed while the run was starting: seed 4 is no longer what was checked/);
    assert.deepEqual(results.map((r) => r.metadata.topic), ['t0', 't1', 't2'], 'seeds before the edit ran; none after it');
  });
});
