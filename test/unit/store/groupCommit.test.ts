import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { GroupCommitter, type PendingCommit } from '../../../src/core/store/durable/groupCommit';

/** A committer whose flushes record their groups and settle their calls. */
function recording(gatherMs?: number) {
  const groups: string[][] = [];
  const committer = new GroupCommitter(async (group: PendingCommit[]) => {
    groups.push(group.map((c) => c.opsJson));
    await delay(5);
    for (const call of group) call.resolve();
  }, gatherMs);
  return { groups, committer };
}

describe('GroupCommitter', () => {
  it('calls of one tick share a flush; a call during a flush waits for the next one', async () => {
    const { groups, committer } = recording();
    const first = [committer.enqueue('a'), committer.enqueue('b')];
    await delay(1);
    const late = committer.enqueue('c');
    await Promise.all([...first, late]);
    assert.deepEqual(groups, [['a', 'b'], ['c']]);
  });

  it('with a gather time, calls a few milliseconds apart share one flush (one fdatasync for concurrent writers)', async () => {
    const { groups, committer } = recording(200);
    const a = committer.enqueue('a');
    await delay(5);
    const b = committer.enqueue('b');
    await Promise.all([a, b]);
    assert.deepEqual(groups, [['a', 'b']]);
    const without = recording(0);
    const c = without.committer.enqueue('a');
    await delay(5);
    await Promise.all([c, without.committer.enqueue('b')]);
    assert.equal(without.groups.length, 2);
  });

  it('only record writes wait for company: a review decision flushes at once, taking along writes that gather', async () => {
    // A gather time no test could sit out: a call that waited for it would time the test out.
    const { groups, committer } = recording(3_600_000);
    await committer.enqueue('status change', false);
    assert.deepEqual(groups, [['status change']]);
    const write = committer.enqueue('record', true);
    const decision = committer.enqueue('decision', false);
    await Promise.all([write, decision]);
    assert.deepEqual(groups, [['status change'], ['record', 'decision']]);
  });
});
