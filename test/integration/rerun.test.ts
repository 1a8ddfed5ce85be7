import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { storedCacheStats } from '../../src/core/cache/jobCacheStats';
import type { RerunWithChangesResult } from '../../src/commands/rerunJobCommand';
import type { RecordDetail } from '../../src/core/store/storeTypes';
import { jobContextValue, jobTooltipLines } from '../../src/jobs/jobPresentation';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { exists, extensionApi, useFakeModel, workspaceUri } from './hostTestKit';

describe('Re-run Job with Changes and the response cache', () => {
  const pipeline = () => workspaceUri('rerun-qa.dgf.json');
  const seeds = () => workspaceUri('topics.json');
  const cacheDir = () => workspaceUri('.datagenflow', 'cache', 'responses');
  let server: FakeOpenAiServer;
  before(async () => {
    // Every answer numbered: an answer asked again cannot pass for the stored one.
    let n = 0;
    server = await FakeOpenAiServer.start({ reply: (req) => `${req.messages.at(-1)?.content ?? ''} (answer ${++n})` });
    await useFakeModel(server);
    await vscode.workspace.fs.copy(workspaceUri('qa.dgf.json'), pipeline(), { overwrite: true });
  });
  after(async () => {
    await vscode.workspace.fs.delete(pipeline());
    await server.close();
  });

  async function records(jobId: number): Promise<RecordDetail[]> {
    const { services } = await extensionApi();
    const out: RecordDetail[] = [];
    for await (const record of (await services.store.get()).store.jobRecords(jobId)) out.push(record);
    return out;
  }

  it('re-runs the edited pipeline over the job\'s seeds: only the edited block calls the endpoint, reused steps are marked', async () => {
    const { services } = await extensionApi();
    await vscode.commands.executeCommand('datagenflow.generate', pipeline(), seeds());
    const store = (await services.store.get()).store;
    const first = store.listJobs()[0];
    assert.equal(first.pipelinePath, 'rerun-qa.dgf.json');
    assert.equal(first.status, 'completed');
    assert.match(jobContextValue(first, { readOnly: false, runsHere: false }), /:rerunnable(:|$)/);

    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(pipeline()));
    await vscode.workspace.fs.writeFile(pipeline(), new TextEncoder().encode(text.replace('Answer briefly:', 'Answer in one sentence:')));
    server.resetCounters();
    const result = await vscode.commands.executeCommand<RerunWithChangesResult | undefined>('datagenflow.rerunJobWithChanges', first.id);
    assert.ok(result);
    assert.equal(server.counters.chat, first.total, 'one call per unit: the edited answer block');
    assert.notEqual(result.job.id, first.id);
    assert.equal(result.job.metadata.rerunOf, first.id);
    const stats = storedCacheStats(result.job.metadata);
    assert.deepEqual([stats?.mode, stats?.callsMade, stats?.callsReused], ['reuse', first.total, first.total]);
    assert.match(result.message, new RegExp(`model calls: ${first.total} call\\(s\\) made, ${first.total} reused \\(saved [\\d,]+ tokens\\)`));
    assert.match(jobTooltipLines(result.job).find((l) => l.label === 'Model calls')?.value ?? '', /reused/);

    const before = new Map((await records(first.id)).map((r) => [r.unitKey, r]));
    for (const record of await records(result.job.id)) {
      const earlier = before.get(record.unitKey);
      assert.ok(earlier);
      assert.deepEqual(record.trace[0].output, earlier.trace[0].output, 'the question is the first job\'s');
      assert.equal(record.trace[0].reused, true);
      assert.equal(record.trace[1].reused, undefined);
      assert.match(String(record.output?.assistant), /^Answer in one sentence: /);
    }
  });

  it('Clear Response Cache deletes the stored answers', async () => {
    assert.ok(await exists(cacheDir()));
    const deleted = await vscode.commands.executeCommand<{ answers: number; bytes: number } | undefined>('datagenflow.clearResponseCache', { confirm: true });
    assert.ok(deleted && deleted.answers > 0, JSON.stringify(deleted));
    assert.equal(await exists(cacheDir()), false);
  });
});
