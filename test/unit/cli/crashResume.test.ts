import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

/**
 * A CLI job killed with SIGKILL at random moments, again and again while resuming: the database always opens,
 * keeps every record it had, never holds a unit twice, and the last resume completes the job exactly.
 */
describe('crash and resume (SIGKILL)', function () {
  this.timeout(180_000);

  it('survives 20 kills and resumes to exactly every unit', async () => {
    // Enough units that the 20 kills land before the job can finish (an idle machine runs ~25 units per attempt).
    const units = 1000;
    const server = await FakeOpenAiServer.start({ latencyMs: 25 });
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: units, metadata: { topic: 'tea' } }] });
    const dbPath = join(ws, '.datagenflow/datagenflow.db');
    const common = ['--base-url', server.baseUrl, '--concurrency', '3'];
    let kept = 0;
    let kills = 0;
    let finished = false;
    let jobExists = false;
    try {
      for (let attempt = 0; !finished; attempt++) {
        const args = !jobExists ? ['run', 'p.dgf.json', '--seeds', 'seeds.json', ...common] : ['resume', '--job', '1', ...common];
        const killing = kills < 20;
        const r = await runCli(args, { cwd: ws, killAfterMs: killing ? 700 + Math.floor(Math.random() * 900) : undefined });
        if (r.signal === 'SIGKILL') kills++;
        else {
          assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
          finished = true;
        }
        const opened = await openWorkspaceStore(dbPath, 'crash test');
        try {
          assert.deepEqual(opened.notices.filter((n) => /could not be read|skipped/.test(n)), [], 'nothing corrupt or lost');
          const keys = [...opened.store.doneKeys(1)];
          assert.equal(new Set(keys).size, keys.length, 'no unit twice');
          assert.ok(keys.length >= kept, `records never disappear (${keys.length} < ${kept})`);
          kept = keys.length;
          const job = opened.store.getJob(1);
          jobExists = job !== undefined;
          // Killed during start-up: no job yet, and nothing stored.
          assert.equal(job?.generated ?? 0, keys.length, 'job totals match the records');
          assert.equal(opened.store.listJobs().length, jobExists ? 1 : 0, 'never a second job');
        } finally {
          await opened.close();
        }
        assert.ok(attempt < 60, 'the job finishes');
      }
      assert.ok(kills >= 20, `killed ${kills} times`);
      const opened = await openWorkspaceStore(dbPath, 'crash test');
      try {
        const job = opened.store.getJob(1);
        assert.equal(job?.status, 'completed');
        assert.equal(job?.generated, units);
        assert.equal(job?.failed, 0);
        const keys = opened.store.doneKeys(1);
        assert.equal(keys.size, units);
        for (let r = 0; r < units; r++) assert.ok(keys.has(`s0.r${r}`), `unit s0.r${r} stored`);
      } finally {
        await opened.close();
      }
    } finally {
      await server.close();
    }
  });
});
