import assert from 'node:assert/strict';
import { fileErrorMessage } from '../../../src/cli/fileErrorMessage';
import { StoreAccessError, storeAccessError } from '../../../src/core/store/durable/durableErrors';

function errno(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} ${path ?? ''}`), { code, syscall, ...(path === undefined ? {} : { path }) });
}

describe('file errors as one line for the user', () => {
  it('names the file, what went wrong and what to do, for the codes a bad path produces', () => {
    assert.equal(fileErrorMessage(errno('EACCES', 'open', '/data/out.jsonl')), 'cannot open /data/out.jsonl: permission denied on /data/out.jsonl. Check its permissions and those of its folder.');
    assert.match(fileErrorMessage(errno('EISDIR', 'open', 'exports')) ?? '', /^cannot open exports: exports is a folder, not a file/);
    assert.match(fileErrorMessage(errno('EROFS', 'open', '/mnt/ro/x')) ?? '', /read-only file system/);
    assert.match(fileErrorMessage(errno('EISDIR', 'read'), 'settings.json') ?? '', /^cannot read settings\.json: settings\.json is a folder/);
  });

  it('leaves everything else to the unexpected-error path (a bug should still show its stack)', () => {
    assert.equal(fileErrorMessage(new TypeError('x is undefined')), undefined);
    assert.equal(fileErrorMessage(errno('EACCES', 'open')), undefined, 'no path: cannot say which file');
    assert.equal(fileErrorMessage(errno('EWEIRD', 'open', '/x')), undefined);
  });

  it('database open: a read-only folder or disk is a StoreAccessError that says what to do', () => {
    const denied = storeAccessError('/ro/jobs.db', errno('EACCES', 'open', '/ro/jobs.db.lock'));
    assert.ok(denied instanceof StoreAccessError);
    assert.match(denied.message, /^Cannot open the database \/ro\/jobs\.db: permission denied on \/ro\/jobs\.db\.lock\. Make its folder writable, or keep the database in a folder you can write \(--db, or the setting datagenflow\.databasePath\)\.$/);
    assert.match(storeAccessError('/ro/jobs.db', errno('EROFS', 'open', '/ro/jobs.db.lock'))?.message ?? '', /read-only file system/);
    assert.equal(storeAccessError('/x.db', new Error('boom')), undefined);
  });
});
