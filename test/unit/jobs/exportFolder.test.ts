import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareExportFolder } from '../../../src/jobs/exportFolder';

describe('prepareExportFolder', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dgf-export-folder-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates the proposed folder before the dialog, and removes it again when the dialog is cancelled', async () => {
    const dir = join(root, 'exports');
    const folder = await prepareExportFolder(dir);
    assert.ok(existsSync(dir), 'the folder exists while the dialog is open');
    assert.deepEqual(folder.created, [dir]);
    await folder.release();
    assert.ok(!existsSync(dir), 'an empty folder made for the dialog is removed');
    assert.ok(existsSync(root));
  });

  it('keeps a folder it created once the export wrote into it', async () => {
    const dir = join(root, 'exports');
    const folder = await prepareExportFolder(dir);
    await writeFile(join(dir, 'job1-all.jsonl'), '{}\n');
    await folder.release();
    assert.ok(existsSync(join(dir, 'job1-all.jsonl')));
  });

  it('never removes a folder that was there before, even an empty one', async () => {
    const dir = join(root, 'exports');
    await mkdir(dir);
    const folder = await prepareExportFolder(dir);
    assert.deepEqual(folder.created, []);
    await folder.release();
    assert.ok(existsSync(dir));
  });

  it('removes the missing parents it created too, innermost first, and stops at the first folder that is not empty', async () => {
    const dir = join(root, 'a', 'b', 'exports');
    const folder = await prepareExportFolder(dir);
    assert.deepEqual(folder.created, [dir, join(root, 'a', 'b'), join(root, 'a')]);
    await folder.release();
    assert.ok(!existsSync(join(root, 'a')));

    const again = await prepareExportFolder(dir);
    await writeFile(join(root, 'a', 'note.txt'), 'kept');
    await again.release();
    assert.ok(!existsSync(join(root, 'a', 'b')));
    assert.ok(existsSync(join(root, 'a', 'note.txt')), 'a folder that now holds a file stays');
  });
});
