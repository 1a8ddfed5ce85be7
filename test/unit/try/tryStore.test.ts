import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBlockRegistry } from '../../../src/core/blocks/blockRegistry';
import { nodeTryFiles } from '../../../src/core/try/nodeTryFiles';
import { trySeed } from '../../../src/core/try/trySeed';
import { TRIES_KEPT, tryFileName, TryStore } from '../../../src/core/try/tryStore';
import type { TryRecord } from '../../../src/core/try/tryTypes';
import { ScriptedLlm } from '../helpers/scriptedLlm';

const record = (id: string, seedIndex = 0): TryRecord => ({
  id,
  pipelineName: 'p',
  seedIndex,
  seedLabel: `Seed ${seedIndex + 1}`,
  startedAt: new Date(0).toISOString(),
  durationMs: 1,
  status: 'succeeded',
  input: {},
  blocks: [],
  output: {},
  usage: { input_tokens: 0, output_tokens: 0, cached_tokens: 0 },
});

describe('TryStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dgf-tries-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps the last five tries of each pipeline, newest first', async () => {
    const store = new TryStore(nodeTryFiles(join(dir, '.datagenflow', 'tries')));
    for (let i = 1; i <= 7; i++) await store.add('pipes/a.dgf.json', record(`a${i}`, i % 2));
    await store.add('pipes/b.dgf.json', record('b1'));
    assert.equal(TRIES_KEPT, 5);
    assert.deepEqual((await store.list('pipes/a.dgf.json')).map((t) => t.id), ['a7', 'a6', 'a5', 'a4', 'a3']);
    assert.deepEqual((await store.list('pipes/b.dgf.json')).map((t) => t.id), ['b1']);
    assert.equal((await store.last('pipes/a.dgf.json', 0))?.id, 'a6');
    assert.equal(await store.last('pipes/b.dgf.json', 3), undefined);
    assert.deepEqual(await store.list('other.dgf.json'), []);
  });

  it('names the file by a hash of the pipeline path (Windows separators count the same)', () => {
    assert.match(tryFileName('pipes/a.dgf.json'), /^[0-9a-f]{16}\.json$/);
    assert.equal(tryFileName('pipes\\a.dgf.json'), tryFileName('pipes/a.dgf.json'));
    assert.notEqual(tryFileName('pipes/a.dgf.json'), tryFileName('pipes/b.dgf.json'));
  });

  it('a try is not a job: running and keeping one writes only its tries file, no database', async () => {
    const pipeline = { version: 1, name: 'p', blocks: [{ id: 'g1', type: 'TextGenerator', config: { user_prompt: 'Q {{ topic }}' }, position: { x: 0, y: 0 } }], edges: [{ source: 'start', target: 'g1' }, { source: 'g1', target: 'end' }] };
    const tried = await trySeed({ pipeline, seed: { repetitions: 1, metadata: { topic: 'x' } }, seedIndex: 0, registry: createBlockRegistry(), llm: new ScriptedLlm() });
    await new TryStore(nodeTryFiles(join(dir, '.datagenflow', 'tries'))).add('p.dgf.json', tried);
    assert.deepEqual(await readdir(join(dir, '.datagenflow')), ['tries']);
    assert.deepEqual(await readdir(join(dir, '.datagenflow', 'tries')), [tryFileName('p.dgf.json')]);
  });

  it('starts again from a damaged file', async () => {
    const files = nodeTryFiles(dir);
    await files.write(tryFileName('p'), '{not json');
    const store = new TryStore(files);
    assert.deepEqual(await store.list('p'), []);
    assert.deepEqual((await store.add('p', record('x'))).map((t) => t.id), ['x']);
  });
});
