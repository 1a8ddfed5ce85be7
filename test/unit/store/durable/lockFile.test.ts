import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreReadOnlyError } from '../../../../src/core/store/durable/durableErrors';
import type { LockOwner } from '../../../../src/core/store/opLog';
import { exited, firstLine, spawnTs } from './childProcess';
import { add, ids, openItems, tempDir } from './itemsStore';

interface ProbeResult {
  readOnly: boolean;
  lockedBy?: LockOwner;
  staleLock?: LockOwner;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

describe('DurableDatabase: write lock', function () {
  this.timeout(20_000);
  let path: string;
  beforeEach(async () => {
    path = join(await tempDir(), 'items.db');
  });

  it('writes the owner into the lock and removes it (and its exit handler) on close', async () => {
    const exitHandlers = process.listenerCount('exit');
    const { database } = await openItems(path, { holder: 'VS Code window' });
    const owner = JSON.parse(await readFile(`${path}.lock`, 'utf8')) as LockOwner;
    assert.equal(owner.pid, process.pid);
    assert.equal(owner.hostname, hostname());
    assert.equal(owner.holder, 'VS Code window');
    assert.ok(!Number.isNaN(Date.parse(owner.since)));
    assert.equal(process.listenerCount('exit'), exitHandlers + 1);
    await database.close();
    await assert.rejects(stat(`${path}.lock`), /ENOENT/);
    assert.equal(process.listenerCount('exit'), exitHandlers);
  });

  it('a second open in the same process is read-only, says who writes, and rejects writes', async () => {
    const writer = await openItems(path, { holder: 'first' });
    const second = await openItems(path, { holder: 'second' });
    assert.equal(second.readOnly, true);
    assert.equal(second.database.readOnly, true);
    assert.equal(second.lockedBy?.holder, 'first');
    assert.equal(second.lockedBy?.pid, process.pid);
    const error = await second.database.commit([add(1)]).then(
      () => assert.fail('commit should reject'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StoreReadOnlyError);
    assert.match(error.message, /read-only because first \(pid \d+ on .+\) writes it/);
    await assert.rejects(second.database.snapshot(), StoreReadOnlyError);
    await second.database.close();
    assert.ok((await stat(`${path}.lock`)).isFile(), 'closing the reader leaves the writer its lock');
    await writer.database.close();
  });

  it('a child process opening a database this process writes gets it read-only', async () => {
    const writer = await openItems(path);
    const child = spawnTs('test/unit/store/durable/openProbe.ts', ['probe', path]);
    const result = JSON.parse(await firstLine(child)) as ProbeResult;
    assert.equal(await exited(child), 0);
    assert.equal(result.readOnly, true);
    assert.equal(result.lockedBy?.pid, process.pid);
    await writer.database.close();
  });

  it('while a child process holds the lock, this process opens read-only', async () => {
    const child = spawnTs('test/unit/store/durable/openProbe.ts', ['hold', path]);
    const held = JSON.parse(await firstLine(child)) as ProbeResult;
    assert.equal(held.readOnly, false);
    const reader = await openItems(path);
    assert.equal(reader.readOnly, true);
    assert.equal(reader.lockedBy?.pid, child.pid);
    assert.equal(reader.lockedBy?.holder, `probe ${child.pid}`);
    await reader.database.close();
    child.stdin.end();
    assert.equal(await exited(child), 0);
    const after = await openItems(path);
    assert.equal(after.readOnly, false, 'the lock was released when the child closed');
    await after.database.close();
  });

  it('takes over a stale lock left by a dead process on this host and reports it', async () => {
    const pid = await deadPid();
    const stale: LockOwner = { pid, hostname: hostname(), since: '2024-01-01T00:00:00.000Z', holder: 'killed CLI' };
    await writeFile(`${path}.lock`, JSON.stringify(stale));
    const { database, readOnly, staleLock } = await openItems(path);
    assert.equal(readOnly, false);
    assert.deepEqual(staleLock, stale);
    assert.equal((JSON.parse(await readFile(`${path}.lock`, 'utf8')) as LockOwner).pid, process.pid);
    await database.commit([add(1)]);
    await database.close();
    assert.deepEqual((await readdir(join(path, '..'))).filter((f) => f.includes('.lock')), [], 'no leftover lock files');
  });

  it('takes over an unreadable (empty) lock file after a short wait', async () => {
    await writeFile(`${path}.lock`, '');
    const { database, readOnly } = await openItems(path);
    assert.equal(readOnly, false);
    await database.close();
  });

  it('treats a lock from another host as held (its pid cannot be checked)', async () => {
    const remote: LockOwner = { pid: await deadPid(), hostname: `not-${hostname()}`, since: '2024-01-01T00:00:00.000Z', holder: 'remote window' };
    await writeFile(`${path}.lock`, JSON.stringify(remote));
    const { database, readOnly, lockedBy } = await openItems(path);
    assert.equal(readOnly, true);
    assert.deepEqual(lockedBy, remote);
    await database.close();
    assert.equal(await readFile(`${path}.lock`, 'utf8'), JSON.stringify(remote), 'a reader never removes the lock');
  });

  it('a crashed writer leaves its lock; the next open takes it over with every commit', async () => {
    const child = spawnTs('test/unit/store/durable/openProbe.ts', ['hold', path]);
    await firstLine(child);
    child.kill('SIGKILL');
    await exited(child);
    const { database, staleLock } = await openItems(path);
    assert.equal(staleLock?.pid, child.pid);
    assert.deepEqual(ids(database.db), []);
    await database.close();
  });
});
