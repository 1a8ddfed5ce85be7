import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { WorkspaceStore } from '../../../src/core/store/workspaceStore';
import { newJob, openLog, result, steppingClock, writeAll } from './storeTestKit';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  assert.ok(child.pid);
  return child.pid;
}

describe('job liveness and elapsed time', function () {
  this.timeout(20_000);

  it('a job whose process was killed reads as interrupted at once, even read-only and with its stale lock still there', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'dgf-live-')), 'datagenflow.db');
    const killed = { pid: await deadPid(), hostname: hostname() };
    const writer = await openWorkspaceStore(path, 'test writer');
    // The job as the killed process left it: started by that process, one record, never finished.
    const theirs = new WorkspaceStore(writer.store.opLog, { runner: killed });
    const job = await theirs.createJob(newJob());
    await writeAll(theirs, job.id, [result(0, 0)]);
    assert.equal(writer.store.getJob(job.id)?.status, 'interrupted', 'the writer holds the lock: another runner cannot be running');
    await writer.close();
    // SIGKILL leaves the lock naming the dead process.
    await writeFile(`${path}.lock`, `${JSON.stringify({ ...killed, since: new Date().toISOString(), holder: 'datagenflow CLI' })}\n`);

    const reader = await openWorkspaceStore(path, 'test reader', { readOnly: true });
    try {
      assert.equal(reader.readOnly, true);
      const [row] = reader.store.listJobs();
      assert.equal(row.status, 'interrupted');
      assert.match(row.error ?? '', /Resume the job/);
      assert.equal(reader.store.getJob(job.id)?.status, 'interrupted');
      assert.equal(reader.store.jobRow(job.id)?.status, 'interrupted');
    } finally {
      await reader.close();
    }
  });

  it('a job of a live lock holder reads as running', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'dgf-live-')), 'datagenflow.db');
    const writer = await openWorkspaceStore(path, 'test writer');
    try {
      const job = await writer.store.createJob(newJob());
      const reader = await openWorkspaceStore(path, 'test reader', { readOnly: true });
      try {
        await reader.refresh();
        assert.equal(reader.store.getJob(job.id)?.status, 'running');
      } finally {
        await reader.close();
      }
    } finally {
      await writer.close();
    }
  });

  it('elapsed time counts a killed run up to its last record or heartbeat, then every later run', async () => {
    const log = await openLog();
    let alive = true;
    // One second per clock reading: created at t0, records at t1 and t2, a heartbeat at t3.
    const store = new WorkspaceStore(log, { clock: steppingClock(), runnerAlive: () => alive });
    const job = await store.createJob(newJob());
    await writeAll(store, job.id, [result(0, 0), result(0, 1)]);
    assert.equal(store.getJob(job.id)?.elapsedMs, 2000, 'a running job shows the time of its run so far');
    await store.heartbeat(job.id);
    alive = false;
    const killed = store.getJob(job.id);
    assert.equal(killed?.status, 'interrupted');
    assert.equal(killed?.elapsedMs, 3000);

    assert.deepEqual(await store.markInterrupted(), [job.id]);
    alive = true;
    assert.equal(store.getJob(job.id)?.elapsedMs, 3000, 'stored when the next writer marks it');
    const plan = await store.reopenJob(job.id); // t4
    assert.equal(plan.previousElapsedMs, 3000);
    await writeAll(store, job.id, [result(1, 0)]); // t5
    assert.equal(store.getJob(job.id)?.elapsedMs, 4000, 'the earlier run plus this one');
  });
});
