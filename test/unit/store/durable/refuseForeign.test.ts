import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreAccessError, StoreNotDatabaseError } from '../../../../src/core/store/durable/durableErrors';
import { loadSqlJs } from '../../../../src/core/store/sqlJs';
import { add, ids, openItems, tempDir } from './itemsStore';

/** A path the user gave (existingNonDatabase: 'refuse'): a file that is not ours is refused and left as it was. */
describe('DurableDatabase: refusing files that are not its database', () => {
  async function assertRefused(content: Buffer | string, reason: RegExp, readOnly = false): Promise<void> {
    const dir = await tempDir();
    const path = join(dir, 'given.db');
    await writeFile(path, content);
    await assert.rejects(openItems(path, { existingNonDatabase: 'refuse', readOnly }), (e: unknown) => e instanceof StoreNotDatabaseError && reason.test(e.message));
    assert.deepEqual(await readFile(path), Buffer.from(content));
    assert.deepEqual(await readdir(dir), ['given.db'], 'no lock, journal or .corrupt copy');
  }

  it('refuses a JSON file, an empty file and a damaged SQLite file, read-only or not', async () => {
    await assertRefused('[{"repetitions": 1, "metadata": {}}]\n', /does not start with the SQLite header/);
    await assertRefused('[{"repetitions": 1, "metadata": {}}]\n', /does not start with the SQLite header/, true);
    await assertRefused('', /the file is empty/);
    await assertRefused(Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(200, 7)]), /SQLite cannot read it|quick_check/);
  });

  it("refuses another program's SQLite database instead of migrating it", async () => {
    const SQL = await loadSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'Ada\')');
    const bytes = Buffer.from(other.export());
    other.close();
    await assertRefused(bytes, /another program, with tables contacts/);
  });

  it('a folder is a StoreAccessError naming it', async () => {
    const dir = await tempDir();
    await assert.rejects(openItems(dir, { existingNonDatabase: 'refuse' }), (e: unknown) => e instanceof StoreAccessError && e.message.includes(`${dir} is a folder`));
  });

  it('opens its own database, a missing file, and keeps aside a bad one only in keep-aside mode', async () => {
    const dir = await tempDir();
    const path = join(dir, 'items.db');
    const first = await openItems(path, { existingNonDatabase: 'refuse' });
    await first.database.commit([add(1)]);
    await first.database.close();
    const again = await openItems(path, { existingNonDatabase: 'refuse' });
    assert.deepEqual(ids(again.database.db), [1]);
    await again.database.close();
    const bad = join(dir, 'bad.db');
    await writeFile(bad, 'not a database');
    const kept = await openItems(bad);
    assert.match(kept.recovered[0]?.movedTo ?? '', /bad\.db\.corrupt-/);
    await kept.database.close();
  });
});
