import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobCacheStats } from '../../../src/core/cache/jobCacheStats';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import type { RecordDetail } from '../../../src/core/store/storeTypes';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { runCli, twoStepPipeline, workspace } from './cliHarness';

const SEEDS = 200;

/** The endpoint check before a run asks this (one request per model, not a pipeline call). */
const CHECK_PROMPT = 'Say hello';
/** Pipeline calls the fake server answered (its chat counter minus the endpoint checks). */
let pipelineCalls = 0;

/** Each answer carries the server's answer count, so an answer that was asked again cannot look reused. */
function numberedAnswers() {
  let n = 0;
  return (req: { messages: { content: string }[] }) => {
    const prompt = req.messages.at(-1)?.content ?? '';
    if (prompt !== CHECK_PROMPT) pipelineCalls++;
    return `${prompt} → answer #${++n}`;
  };
}

function resetCounts(server: FakeOpenAiServer): void {
  server.resetCounters();
  pipelineCalls = 0;
}

async function records(ws: string, jobId: number): Promise<Map<string, RecordDetail>> {
  const opened = await openWorkspaceStore(join(ws, '.datagenflow/datagenflow.db'), 'test reader', { readOnly: true });
  try {
    const out = new Map<string, RecordDetail>();
    for await (const record of opened.store.jobRecords(jobId)) out.set(record.unitKey, record);
    return out;
  } finally {
    await opened.close();
  }
}

function summary(stdout: string): { jobId: number; failed: number; responseCache: JobCacheStats } {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { jobId: number; failed: number; responseCache: JobCacheStats };
}

describe('datagenflow rerun (Re-run with changes)', function () {
  this.timeout(120_000);
  let server: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start({ reply: numberedAnswers() });
  });
  after(() => server.close());

  it('after editing only the last of 3 LLM blocks over 200 seeds, calls the endpoint exactly 200 times; the first two blocks are the first job\'s; replay fails a miss clearly', async () => {
    const pipeline = twoStepPipeline({ id: 'grade', type: 'TextGenerator', config: { user_prompt: 'Grade this answer: {{ assistant }}' }, position: { x: 0, y: 200 } });
    const seeds = Array.from({ length: SEEDS }, (_, i) => ({ repetitions: 1, metadata: { topic: `topic ${i}` } }));
    const settings = {
      'datagenflow.models': [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: 1, pricePer1kOutput: 2 }],
      'datagenflow.concurrency': 8,
    };
    const ws = await workspace({ 'p.dgf.json': pipeline, 'seeds.json': seeds, '.vscode/settings.json': settings });

    resetCounts(server);
    const first = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--json'], { cwd: ws });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(pipelineCalls, 3 * SEEDS);
    assert.equal(server.counters.chat, 3 * SEEDS + 1, 'and the endpoint check');
    const firstJob = summary(first.stdout);
    assert.deepEqual([firstJob.responseCache.mode, firstJob.responseCache.callsMade, firstJob.responseCache.callsReused], ['off', 3 * SEEDS, 0]);

    const text = await readFile(join(ws, 'p.dgf.json'), 'utf8');
    await writeFile(join(ws, 'p.dgf.json'), text.replace('Grade this answer:', 'Grade this answer from 1 to 5:'));
    resetCounts(server);
    const rerun = await runCli(['rerun', '--job', String(firstJob.jobId), '--json'], { cwd: ws });
    assert.equal(rerun.code, 0, rerun.stderr);
    assert.equal(pipelineCalls, SEEDS, 'only the edited block calls the endpoint');
    assert.equal(server.counters.requests, SEEDS, 'exactly the calls it needs: no endpoint check (its first miss is the check)');
    const second = summary(rerun.stdout);
    assert.notEqual(second.jobId, firstJob.jobId);
    assert.equal(second.responseCache.mode, 'reuse');
    assert.equal(second.responseCache.callsMade, SEEDS);
    assert.equal(second.responseCache.callsReused, 2 * SEEDS);
    assert.ok(second.responseCache.savedUsage.input_tokens > 0 && (second.responseCache.savedCost ?? 0) > 0);
    assert.match(rerun.stderr, /^Re-running job 1: p\.dgf\.json as it is now over seeds\.json, stored answers: reuse\.$/m);
    assert.match(rerun.stderr, new RegExp(`^responses: ${SEEDS} call\\(s\\) made, ${2 * SEEDS} reused \\(saved [\\d,]+ tokens, \\$[\\d.]+\\)$`, 'm'));

    const before = await records(ws, firstJob.jobId);
    const after = await records(ws, second.jobId);
    assert.equal(after.size, SEEDS);
    for (const [key, record] of after) {
      const earlier = before.get(key);
      assert.ok(earlier, key);
      assert.deepEqual(record.metadata, earlier.metadata);
      const [q, a, g] = record.trace;
      assert.deepEqual([q.output, a.output], [earlier.trace[0].output, earlier.trace[1].output], key);
      assert.deepEqual([q.reused, a.reused, g.reused], [true, true, undefined], key);
      assert.notDeepEqual(g.output, earlier.trace[2].output);
      assert.match(String(g.output?.assistant), /^Grade this answer from 1 to 5: /);
    }

    await writeFile(join(ws, 'p.dgf.json'), text.replace('Grade this answer:', 'Grade it offline:'));
    resetCounts(server);
    const replay = await runCli(['rerun', '--job', String(second.jobId), '--response-cache', 'replay', '--json'], { cwd: ws });
    assert.equal(replay.code, 3, replay.stderr);
    assert.equal(server.counters.requests, 0, 'replay never calls the endpoint, not even to check it');
    const third = summary(replay.stdout);
    assert.equal(third.failed, SEEDS);
    assert.deepEqual([third.responseCache.callsMade, third.responseCache.callsReused], [0, 2 * SEEDS]);
    const failed = [...(await records(ws, third.jobId)).values()][0];
    assert.match(failed.error ?? '', /^Block 'grade' \(TextGenerator\) failed: No stored answer for this chat request \(datagenflow\.responseCache is 'replay'/);
  });

  it('refuses an unknown job and a bad --response-cache; cache info counts the stored answers and cache clear deletes them', async () => {
    const settings = { 'datagenflow.models': [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }] };
    const ws = await workspace({ 'p.dgf.json': twoStepPipeline(), 'seeds.json': [{ repetitions: 2, metadata: { topic: 't' } }], '.vscode/settings.json': settings });
    const missing = await runCli(['rerun', '--job', '7'], { cwd: ws });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no job 7 in /);
    const bad = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json', '--response-cache', 'always'], { cwd: ws });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--response-cache must be off, reuse or replay, got 'always'/);
    const run = await runCli(['run', 'p.dgf.json', '--seeds', 'seeds.json'], { cwd: ws });
    assert.equal(run.code, 0, run.stderr);
    const info = await runCli(['cache', 'info'], { cwd: ws });
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /^4 stored answer\(s\), 0\.0 MB in .*responses$/m);
    const clear = await runCli(['cache', 'clear'], { cwd: ws });
    assert.match(clear.stdout, /^Deleted 4 stored answer\(s\)/m);
    assert.match((await runCli(['cache', 'info'], { cwd: ws })).stdout, /^0 stored answer\(s\)/m);
  });
});
