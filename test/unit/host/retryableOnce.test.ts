import assert from 'node:assert/strict';
import { RetryableOnce } from '../../../src/host/retryableOnce';

/** A fake opener: each call is one attempt the test settles by hand. */
function fakeOpener() {
  const attempts: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const open = () =>
    new Promise<string>((resolve, reject) => {
      attempts.push({ resolve, reject });
    });
  return { attempts, open };
}

describe('RetryableOnce (the StoreService open)', () => {
  it('concurrent callers share one attempt, and a success is kept', async () => {
    const { attempts, open } = fakeOpener();
    const once = new RetryableOnce(open);
    const first = once.get();
    const second = once.get();
    assert.equal(attempts.length, 1);
    attempts[0].resolve('db');
    assert.deepEqual(await Promise.all([first, second]), ['db', 'db']);
    assert.equal(await once.get(), 'db');
    assert.equal(attempts.length, 1);
    assert.equal(once.isStarted(), true);
  });

  it('a failed attempt is not remembered: every waiting caller gets its error, the next call opens again', async () => {
    const { attempts, open } = fakeOpener();
    const once = new RetryableOnce(open);
    const first = once.get();
    const second = once.get();
    attempts[0].reject(new Error('database is locked'));
    await assert.rejects(first, /locked/);
    await assert.rejects(second, /locked/);
    assert.equal(once.isStarted(), false);
    const retry = once.get();
    assert.equal(attempts.length, 2);
    attempts[1].resolve('db');
    assert.equal(await retry, 'db');
  });

  it('take() forgets the value and hands it back for closing; a failed attempt hands back nothing', async () => {
    const { attempts, open } = fakeOpener();
    const once = new RetryableOnce(open);
    const opened = once.get();
    attempts[0].resolve('db');
    await opened;
    assert.equal(await once.take(), 'db');
    assert.equal(once.isStarted(), false);
    const failing = once.get();
    const taken = once.take();
    attempts[1].reject(new Error('unreadable'));
    await assert.rejects(failing, /unreadable/);
    assert.equal(await taken, undefined);
    assert.equal(await once.take(), undefined);
  });

  it('an attempt taken while in flight that then fails does not clear the newer attempt', async () => {
    const { attempts, open } = fakeOpener();
    const once = new RetryableOnce(open);
    const old = once.get();
    void once.take();
    const fresh = once.get();
    assert.equal(attempts.length, 2);
    attempts[0].reject(new Error('old failure'));
    await assert.rejects(old, /old failure/);
    assert.equal(once.isStarted(), true);
    attempts[1].resolve('db');
    assert.equal(await once.get(), 'db');
    assert.equal(await fresh, 'db');
    assert.equal(attempts.length, 2);
  });
});
