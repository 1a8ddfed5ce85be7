import assert from 'node:assert/strict';
import type { Database } from 'sql.js';
import { MemoryOpLog, ReadOnlyOpLogError } from '../helpers/memoryOpLog';

type NoteOp = { t: 'note'; text: string } | { t: 'boom' };

async function notes(readOnly = false): Promise<MemoryOpLog<NoteOp>> {
  return MemoryOpLog.open<NoteOp>({
    migrations: [{ version: 1, description: 'notes', up: (db: Database) => void db.exec('CREATE TABLE notes (text TEXT)') }],
    apply: (db, op) => {
      if (op.t === 'boom') throw new Error('apply failed');
      db.run('INSERT INTO notes VALUES (?)', [op.text]);
    },
    prepareConnection: (db) => void db.exec('PRAGMA journal_mode = MEMORY'),
    readOnly,
  });
}

const texts = (log: MemoryOpLog<NoteOp>) => (log.db.exec('SELECT text FROM notes')[0]?.values ?? []).map((r) => r[0]);

describe('MemoryOpLog', () => {
  it('applies each commit after it was called, in call order', async () => {
    const log = await notes();
    const a = log.commit([{ t: 'note', text: 'a' }]);
    const b = log.commit([{ t: 'note', text: 'b' }, { t: 'note', text: 'c' }]);
    assert.deepEqual(texts(log), []);
    await Promise.all([a, b]);
    assert.deepEqual(texts(log), ['a', 'b', 'c']);
  });

  it('rolls back the whole commit when one op throws, and keeps accepting commits', async () => {
    const log = await notes();
    await assert.rejects(log.commit([{ t: 'note', text: 'lost' }, { t: 'boom' }]), /apply failed/);
    await log.commit([{ t: 'note', text: 'kept' }]);
    assert.deepEqual(texts(log), ['kept']);
  });

  it('rejects commits when read-only', async () => {
    const log = await notes(true);
    await assert.rejects(log.commit([{ t: 'note', text: 'x' }]), ReadOnlyOpLogError);
  });

  it('waits for commits in flight before closing', async () => {
    const log = await notes();
    const pending = log.commit([{ t: 'note', text: 'last' }]);
    await log.close();
    await pending;
    assert.throws(() => log.db.exec('SELECT 1'));
  });
});
