import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CustomBlockSet } from '../../../../src/core/blocks/custom/customBlockTypes';
import { loadCustomBlocks } from '../../../../src/core/blocks/custom/loadCustomBlocks';
import { MutableBlockRegistry } from '../../../../src/core/blocks/custom/mutableBlockRegistry';
import { watchCustomBlocks } from '../../../../src/core/blocks/custom/watchCustomBlocks';
import type { BlockContext } from '../../../../src/core/blocks/blockTypes';
import { blockFolder, delay, versionedBlock } from './customBlockKit';

const ctx = { state: {}, config: {} } as unknown as BlockContext;

async function versionOf(set: CustomBlockSet): Promise<unknown> {
  const block = set.blocks.find((b) => b.type === 'Versioned');
  assert.ok(block, `Versioned loaded: ${JSON.stringify(set.entries)}`);
  return ((await block.execute(ctx)) as { output: Record<string, unknown> }).output.version;
}

/** Resolves with the next set `onChange` receives. */
function nextSet(sets: CustomBlockSet[], timeoutMs = 5000): Promise<CustomBlockSet> {
  const start = sets.length;
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = setInterval(() => {
      if (sets.length > start) {
        clearInterval(poll);
        resolve(sets[start]);
      } else if (Date.now() - t0 > timeoutMs) {
        clearInterval(poll);
        reject(new Error('no reload'));
      }
    }, 10);
  });
}

describe('watchCustomBlocks', function () {
  this.timeout(10_000);
  const disposables: { dispose(): void }[] = [];
  afterEach(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });

  it('reloads after a file is edited: the new behaviour is picked up', async () => {
    const folder = await blockFolder([], { 'Versioned.js': versionedBlock(1) });
    const sets: CustomBlockSet[] = [];
    const set = loadCustomBlocks({ folder, trusted: true, onChange: (s) => sets.push(s) });
    disposables.push(set);
    assert.equal(await versionOf(set), 1);
    const reloaded = nextSet(sets);
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(2));
    assert.equal(await versionOf(await reloaded), 2);
  });

  it('reloads once per burst of changes (300 ms debounce)', async () => {
    const folder = await blockFolder([], { 'Versioned.js': versionedBlock(1) });
    const sets: CustomBlockSet[] = [];
    disposables.push(watchCustomBlocks(folder, true, (s) => sets.push(s)));
    for (let v = 2; v <= 6; v++) {
      await writeFile(join(folder, 'Versioned.js'), versionedBlock(v));
      await delay(40);
    }
    await writeFile(join(folder, 'Other.js'), 'module.exports = {};');
    await delay(800);
    assert.equal(sets.length, 1, 'one reload for the whole burst');
    assert.equal(await versionOf(sets[0]), 6);
    assert.equal(sets[0].entries.length, 2);
  });

  it('picks up a folder created after watching started, and an emptied one when it is deleted', async () => {
    const parent = dirname(await blockFolder([]));
    const folder = join(parent, 'later', 'blocks');
    const sets: CustomBlockSet[] = [];
    disposables.push(watchCustomBlocks(folder, true, (s) => sets.push(s), { pollMs: 30, debounceMs: 30 }));
    const appeared = nextSet(sets);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(7));
    // The folder may be seen before the file is written: wait for the set that has the block.
    let set = await appeared;
    while (set.blocks.length === 0) set = await nextSet(sets);
    assert.equal(await versionOf(set), 7);

    const gone = nextSet(sets);
    await rm(folder, { recursive: true });
    let after = await gone;
    while (after.entries.length > 0) after = await nextSet(sets);
    assert.deepEqual(after.blocks, []);

    const back = nextSet(sets);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(8));
    let again = await back;
    while (again.blocks.length === 0) again = await nextSet(sets);
    assert.equal(await versionOf(again), 8);
  });

  it('stops when disposed, from the handle or from any set it produced', async () => {
    const folder = await blockFolder([], { 'Versioned.js': versionedBlock(1) });
    const sets: CustomBlockSet[] = [];
    const set = loadCustomBlocks({ folder, trusted: true, onChange: (s) => sets.push(s) });
    const first = nextSet(sets);
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(2));
    (await first).dispose();
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(3));
    await delay(600);
    assert.equal(sets.length, 1);
    set.dispose(); // a second dispose is harmless
  });

  it('lists files of an untrusted folder on change without evaluating them', async () => {
    const folder = await blockFolder([]);
    const sets: CustomBlockSet[] = [];
    disposables.push(watchCustomBlocks(folder, false, (s) => sets.push(s), { debounceMs: 50 }));
    const next = nextSet(sets);
    await writeFile(join(folder, 'Boom.js'), "require('node:fs').writeFileSync(__dirname + '/ran', '1');");
    const set = await next;
    assert.deepEqual(set.entries.map((e) => e.status), ['untrusted']);
    assert.deepEqual(set.blocks, []);
    assert.equal(existsSync(join(folder, 'ran')), false);
  });
});

describe('MutableBlockRegistry', () => {
  it('swaps custom blocks on reload, keeps built-ins, and tells its listeners', async () => {
    const folder = await blockFolder([], { 'Versioned.js': versionedBlock(1) });
    const registry = new MutableBlockRegistry(loadCustomBlocks({ folder, trusted: true }).blocks);
    const old = registry.get('Versioned');
    let changes = 0;
    const unsubscribe = registry.onDidChange(() => changes++);
    await writeFile(join(folder, 'Versioned.js'), versionedBlock(2));
    registry.replaceCustomBlocks(loadCustomBlocks({ folder, trusted: true }).blocks);
    assert.equal(changes, 1);
    assert.notEqual(registry.get('Versioned'), old);
    assert.equal(registry.get('Versioned')?.description, 'v2');
    assert.ok(registry.types().includes('TextGenerator'));
    registry.replaceCustomBlocks([]);
    assert.equal(registry.get('Versioned'), undefined);
    assert.equal(changes, 2);
    unsubscribe();
    registry.replaceCustomBlocks([]);
    assert.equal(changes, 2);
    assert.equal(registry.all().length, registry.types().length);
  });
});
