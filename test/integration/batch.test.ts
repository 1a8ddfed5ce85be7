import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { reattachBatchJobs } from '../../src/host/batchReattach';
import type { RecordDetail } from '../../src/core/store/storeTypes';
import type { RunProgress } from '../../src/core/run/runTypes';
import { jobTooltipLines } from '../../src/jobs/jobPresentation';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { exists, extensionApi, useFakeModel, waitFor, workspaceUri } from './hostTestKit';

describe('Generate as Batch Job', () => {
  const pipeline = () => workspaceUri('batch-qa.dgf.json');
  const seeds = () => workspaceUri('topics.json');
  let server: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start();
    await useFakeModel(server);
    await vscode.workspace.getConfiguration('datagenflow').update('batch.pollSeconds', 0.05, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.copy(workspaceUri('qa.dgf.json'), pipeline(), { overwrite: true });
  });
  after(async () => {
    await vscode.workspace.getConfiguration('datagenflow').update('batch.pollSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(pipeline());
    await server.close();
  });

  it('runs the 2-block pipeline through the Batch API, one batch per stage, progress showing the batches, every unit stored', async () => {
    const { services } = await extensionApi();
    // Each batch is seen running for 10 polls (≥ 0.5 s): longer than the progress throttle, so each stage shows.
    server.batch.options = { completeAfterPolls: 10 };
    const seen: RunProgress[] = [];
    const listening = services.jobs.onDidChange((job) => job?.progress?.batch && seen.push({ ...job.progress, batch: { ...job.progress.batch } }));
    try {
      await vscode.commands.executeCommand('datagenflow.generateBatch', pipeline(), seeds());
    } finally {
      listening.dispose();
    }
    const store = (await services.store.get()).store;
    const job = store.listJobs()[0];
    assert.equal(job.pipelinePath, 'batch-qa.dgf.json');
    assert.equal(job.status, 'completed');
    assert.deepEqual([job.total, job.generated, job.failed], [3, 3, 0]);
    assert.ok(job.metadata.batch, 'stored as a batch job');
    assert.equal(server.batch.counters.created, 2, 'stage 1 (question) and stage 2 (answer)');
    assert.equal(server.counters.chat, 0, 'no request went online');
    assert.ok([...server.batch.counters.sent.values()].every((n) => n === 1), 'no request twice');
    assert.ok(seen.some((p) => p.batch?.stage === 2 && p.batch.batches === 1), 'progress showed the second stage and its batch');
    const records: RecordDetail[] = [];
    for await (const record of store.jobRecords(job.id)) records.push(record);
    assert.equal(records.length, 3);
    for (const record of records) assert.match(String(record.output?.assistant), /^Echo: Answer briefly: Echo: Ask one question about (tea|rivers)\.$/);
    const folder = services.store.path();
    assert.ok(folder);
    assert.equal(await exists(vscode.Uri.file(`${folder.replace(/[^/\\]+$/, '')}batches/datagenflow.db/job-${job.id}`)), false, 'its batch folder is removed once complete');
  });

  it('Cancel Job cancels the provider batch; Resume Job polls again and finishes without sending a request twice', async () => {
    const { services } = await extensionApi();
    server.batch.options = { completeAfterPolls: 1_000_000 };
    server.batch.counters.sent.clear();
    const created = server.batch.counters.created;
    const waiting = services.jobs.onDidChange((job) => {
      if (job?.progress?.batch?.phase === 'waiting' && server.batch.counters.created > created) services.jobs.cancel();
    });
    try {
      await vscode.commands.executeCommand('datagenflow.generateBatch', pipeline(), seeds());
    } finally {
      waiting.dispose();
    }
    const store = (await services.store.get()).store;
    const job = store.listJobs()[0];
    assert.equal(job.status, 'cancelled');
    assert.equal(server.batch.list().at(-1)?.status, 'cancelled');
    assert.match(jobTooltipLines(job).find((l) => l.label === 'Mode')?.value ?? '', /^batch \(provider Batch API, 24h window per stage\); Resume polls its batches again$/);
    server.batch.options = {};
    const result = await services.jobs.resume(job.id, 'resume', job.pipelineName);
    assert.equal(result?.job.status, 'completed');
    assert.equal(result?.job.generated, 3);
    const sent = [...server.batch.counters.sent.entries()];
    assert.deepEqual(sent.filter(([id]) => id.includes('/question/')).map(([, n]) => n), [2, 2, 2], 'the questions the cancelled batch never answered went out once more');
    assert.deepEqual(sent.filter(([id]) => id.includes('/answer/')).map(([, n]) => n), [1, 1, 1]);
  });

  it('a batch job left waiting by a killed CLI run is picked up when the window opens its database (polling again, nothing sent twice)', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const { services } = api;
    const extension = vscode.extensions.getExtension('datagenflow.datagenflow-vscode');
    assert.ok(extension);
    const root = workspaceUri().fsPath;
    server.batch.options = { completeAfterPolls: 1_000_000 };
    server.batch.counters.sent.clear();
    const created = server.batch.counters.created;
    const retrieved = server.batch.counters.retrieved;
    // The CLI (the bundle the extension ships) runs the job into its own database and is killed while it waits.
    const cli = spawn(process.execPath, [`${extension.extensionPath}/dist/cli.js`, 'run', 'batch-qa.dgf.json', '--seeds', 'topics.json', '--batch', '--db', '.datagenflow/reattach.db'], {
      cwd: root,
      env: { PATH: process.env.PATH },
      stdio: 'ignore',
    });
    try {
      await waitFor(() => server.batch.counters.created > created && server.batch.counters.retrieved >= retrieved + 2, 'the CLI job waiting for its batch', 30_000);
    } finally {
      cli.kill('SIGKILL');
    }
    await new Promise((resolve) => cli.once('exit', resolve));
    server.batch.options = {};
    const config = vscode.workspace.getConfiguration('datagenflow');
    await config.update('databasePath', '.datagenflow/reattach.db', vscode.ConfigurationTarget.Workspace);
    try {
      // The window closes its database when the setting changes and opens the new one on first use (reattach's).
      await waitFor(() => services.store.path()?.endsWith('reattach.db') === true && !services.store.isOpen(), 'the window to close its database');
      const resumed = await reattachBatchJobs(services);
      assert.deepEqual(resumed, [1]);
      const store = (await services.store.get()).store;
      const job = store.getJob(1);
      assert.deepEqual([job?.status, job?.generated, job?.failed], ['completed', 3, 0]);
      assert.equal(server.batch.counters.created, created + 2, "the killed run's batch was polled again, then stage 2");
      assert.ok([...server.batch.counters.sent.values()].every((n) => n === 1), 'no request twice');
      assert.deepEqual(await reattachBatchJobs(services), [], 'nothing left to pick up');
    } finally {
      await config.update('databasePath', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => services.store.path()?.endsWith('datagenflow.db') === true && !services.store.isOpen(), 'the window to close the other database');
      for (const [name] of await vscode.workspace.fs.readDirectory(workspaceUri('.datagenflow'))) {
        if (name.startsWith('reattach.db')) await vscode.workspace.fs.delete(workspaceUri('.datagenflow', name), { recursive: true, useTrash: false });
      }
      await vscode.workspace.fs.delete(workspaceUri('.datagenflow', 'batches', 'reattach.db'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
    }
  });
});
