import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { ExportResult } from '../../src/core/store/exportJsonl';
import { openWorkspaceStore } from '../../src/core/store/openWorkspaceStore';
import type { JobRow } from '../../src/core/store/storeTypes';
import type { RerunResult } from '../../src/commands/jobCommands';
import type { JobsTreeElement } from '../../src/jobs/jobsTreeProvider';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, useFakeModel, waitFor, workspaceUri } from './hostTestKit';

const folder = () => workspaceUri();
const api = extensionApi;
const until = waitFor;

async function newestJob(): Promise<JobRow> {
  const job = (await (await api()).services.store.get()).store.listJobs()[0];
  assert.ok(job, 'a job is stored');
  return job;
}

/** Runs qa.dgf.json over a seed file written for the test; resolves with the command (the job has ended). */
async function generate(seedsName: string, repetitions: number): Promise<JobRow> {
  await writeSeeds(seedsName, repetitions);
  await vscode.commands.executeCommand('datagenflow.generate', vscode.Uri.joinPath(folder(), 'qa.dgf.json'), vscode.Uri.joinPath(folder(), seedsName));
  const job = await newestJob();
  assert.equal(job.seedsPath, seedsName);
  return job;
}

async function writeSeeds(name: string, repetitions: number): Promise<void> {
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), name), new TextEncoder().encode(JSON.stringify([{ repetitions, metadata: { topic: 'tea' } }])));
}

async function element(jobId: number): Promise<JobsTreeElement> {
  const found = (await (await api()).jobsView.provider.getChildren()).find((e) => e.job.id === jobId);
  assert.ok(found, `job ${jobId} is in the tree`);
  return found;
}

async function treeItem(jobId: number): Promise<vscode.TreeItem> {
  return (await api()).jobsView.provider.getTreeItem(await element(jobId));
}

function iconId(item: vscode.TreeItem): string {
  assert.ok(item.iconPath instanceof vscode.ThemeIcon);
  return item.iconPath.id;
}

describe('Jobs tree and job commands', () => {
  let server: FakeOpenAiServer;
  const config = () => vscode.workspace.getConfiguration('datagenflow');

  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
    await useFakeModel(server, { concurrency: 2 });
  });
  after(() => server.close());

  it('lists a generated job first with its counts, icon, actions and tooltip, refreshing at most twice a second', async () => {
    const { jobsView } = await api();
    await vscode.commands.executeCommand('datagenflow.jobs.focus');
    await until(() => jobsView.treeView.visible, 'the Jobs view visible');
    let refreshes = 0;
    const counting = jobsView.provider.onDidChangeTreeData(() => refreshes++);
    server.options.latencyMs = 60;
    const started = Date.now();
    let job: JobRow;
    try {
      job = await generate('tree-topics.json', 12);
    } finally {
      counting.dispose();
      server.options.latencyMs = 5;
    }
    const ms = Date.now() - started;
    assert.ok(refreshes >= 1, 'the tree followed the job');
    assert.ok(refreshes <= Math.ceil(ms / 500) + 1, `${refreshes} refreshes in ${ms} ms`);

    const children = await jobsView.provider.getChildren();
    assert.equal(children[0]?.job.id, job.id, 'newest first');
    assert.deepEqual(children.map((c) => c.job.id), [...children.map((c) => c.job.id)].sort((a, b) => b - a));
    const item = jobsView.provider.getTreeItem(children[0]);
    // The facts first, as the sidebar cuts a row at its edge; the pipeline's name and the time after them.
    assert.equal(item.label, `#${job.id} · completed · 12/12 · 0 failed`);
    assert.equal(item.description, 'Questions and answers · just now');
    assert.equal(iconId(item), 'pass');
    assert.equal(item.contextValue, 'job:completed:hasRecords:rerunnable:deletable');
    assert.ok(item.tooltip instanceof vscode.MarkdownString);
    // appendText escapes Markdown (spaces become &nbsp;, punctuation gets backslashes): compare the plain text.
    const tip = item.tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    for (const part of ['qa.dgf.json', 'tree-topics.json', 'fake: fake-model at', 'Tokens:', 'Duration: 0:']) assert.ok(tip.includes(part), `tooltip has ${part}:\n${tip}`);
  });

  it('Export JSONL writes the records of the chosen status to the given file', async () => {
    const { services } = await api();
    const job = await generate('export-topics.json', 3);
    const store = (await services.store.get()).store;
    const [first] = store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 10 });
    await store.setStatus([first.id], 'accepted');

    const accepted = vscode.Uri.joinPath(folder(), 'exports', 'accepted.jsonl');
    const result = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', await element(job.id), { uri: accepted, status: 'accepted' });
    assert.equal(result?.count, 1);
    const lines = (await readFile(accepted.fsPath, 'utf8')).split('\n');
    assert.equal(lines.length, 2, 'one newline-terminated line');
    const line = JSON.parse(lines[0]) as { id: number; status: string; accumulated_state: Record<string, unknown> };
    assert.equal(line.id, first.id);
    assert.equal(line.status, 'accepted');
    assert.ok('assistant' in line.accumulated_state);

    const all = vscode.Uri.joinPath(folder(), 'exports', 'all.jsonl');
    const everything = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', job.id, { uri: all, status: 'all' });
    assert.equal(everything?.count, 3);
    assert.equal((await readFile(all.fsPath, 'utf8')).trimEnd().split('\n').length, 3);
  });

  it('Export JSONL refuses the database and its journal, but replaces a file the save dialog confirmed', async () => {
    const { services } = await api();
    const job = await generate('export-guard-topics.json', 2);
    const database = services.store.path();
    assert.ok(database);
    for (const target of [database, `${database}-journal.jsonl`]) {
      const result = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', job.id, { uri: vscode.Uri.file(target), status: 'all' });
      assert.equal(result, undefined, `refused ${target}`);
    }
    assert.equal((await readFile(database)).subarray(0, 15).toString('latin1'), 'SQLite format 3');
    assert.ok((await services.store.get()).store.getJob(job.id), 'the job is still there');
    const seeds = vscode.Uri.joinPath(folder(), 'export-guard-topics.json');
    const replaced = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', job.id, { uri: seeds, status: 'all' });
    assert.equal(replaced?.count, 2, 'the save dialog asked before replacing: no --force needed in VS Code');
  });

  it('Export JSONL creates exports/ before the save dialog proposes a file in it, and removes it again when the dialog is cancelled', async () => {
    const job = await generate('export-folder-topics.json', 2);
    const exportsDir = vscode.Uri.joinPath(folder(), 'exports').fsPath;
    await rm(exportsDir, { recursive: true, force: true });
    const opened: { defaultUri: string | undefined; folderExisted: boolean }[] = [];
    const saveDialog = (answer: (proposed: vscode.Uri | undefined) => vscode.Uri | undefined) => async (options: vscode.SaveDialogOptions) => {
      opened.push({ defaultUri: options.defaultUri?.fsPath, folderExisted: existsSync(exportsDir) });
      return answer(options.defaultUri);
    };

    const cancelled = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', job.id, { status: 'all', saveDialog: saveDialog(() => undefined) });
    assert.equal(cancelled, undefined);
    assert.equal(opened.length, 1, 'the save dialog was asked');
    assert.equal(dirname(opened[0].defaultUri ?? ''), exportsDir, 'it proposes a file in exports/');
    assert.ok(opened[0].folderExisted, 'exports/ exists when the dialog opens, so VS Code does not ask to create it');
    assert.ok(!existsSync(exportsDir), 'a cancelled dialog leaves no empty exports/ behind');

    const saved = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', job.id, { status: 'all', saveDialog: saveDialog((proposed) => proposed) });
    assert.equal(saved?.count, 2);
    assert.ok(opened[1].folderExisted);
    assert.ok(existsSync(opened[1].defaultUri ?? ''), 'the export is in the folder made for it, which stays');
  });

  it('Delete Job removes a confirmed job and its records from the database and the tree', async () => {
    const { services, jobsView } = await api();
    const job = await generate('delete-topics.json', 2);
    await vscode.commands.executeCommand('datagenflow.deleteJob', job.id, { confirm: true });
    const store = (await services.store.get()).store;
    assert.equal(store.getJob(job.id), undefined);
    assert.equal(store.statusCounts(job.id).total, 0);
    assert.ok(!(await jobsView.provider.getChildren()).some((e) => e.job.id === job.id));
  });

  it('shows a running job live, refuses to delete it, and Resume completes it after Cancel', async () => {
    const { services } = await api();
    const total = 10;
    await writeSeeds('resume-topics.json', total);
    server.options.latencyMs = 150;
    let cancelled: JobRow;
    try {
      const run = vscode.commands.executeCommand('datagenflow.generate', vscode.Uri.joinPath(folder(), 'qa.dgf.json'), vscode.Uri.joinPath(folder(), 'resume-topics.json'));
      await until(async () => {
        const job = await newestJob();
        return job.seedsPath === 'resume-topics.json' && job.generated >= 1 && services.jobs.running?.progress !== undefined;
      }, 'the first record');
      const running = await newestJob();
      const live = await treeItem(running.id);
      assert.equal(iconId(live), 'sync~spin');
      assert.match(live.contextValue ?? '', /^job:running:cancellable(:|$)/);
      assert.match(String(live.label), new RegExp(`^#${running.id} · running \\d+% · \\d+/${total} · 0 failed$`));

      await vscode.commands.executeCommand('datagenflow.deleteJob', running.id, { confirm: true });
      assert.ok((await services.store.get()).store.getJob(running.id), 'a running job is not deleted');

      await vscode.commands.executeCommand('datagenflow.cancelJob');
      await run;
      cancelled = (await newestJob());
    } finally {
      server.options.latencyMs = 5;
    }
    assert.equal(cancelled.status, 'cancelled');
    assert.ok(cancelled.generated < total, `kept ${cancelled.generated}`);
    const stopped = await treeItem(cancelled.id);
    assert.equal(iconId(stopped), 'circle-slash');
    assert.match(stopped.contextValue ?? '', /:resumable(:|$)/);

    const chats = server.counters.chat;
    const outcome = await vscode.commands.executeCommand<RerunResult | undefined>('datagenflow.resumeJob', await element(cancelled.id));
    const resumed = (await services.store.get()).store.getJob(cancelled.id);
    assert.equal(resumed?.status, 'completed');
    assert.equal(resumed?.generated, total);
    assert.equal(resumed?.failed, 0);
    // The notification tells the job as the Jobs view and Review show it, and this run's share apart.
    assert.ok(outcome, 'Resume resolves with the outcome');
    const kept = cancelled.generated;
    assert.match(outcome.message, new RegExp(`completed: ${total} generated, 0 failed of ${total} in \\d+:\\d\\d — this run: ${total - kept} generated, 0 failed, ${kept} already done`));
    assert.equal(outcome.outcome.durationMs, resumed?.elapsedMs);
    assert.equal(server.counters.chat - chats, 2 * (total - cancelled.generated), 'two requests per missing unit, none for the kept ones');
  });

  it('Retry Failed Units re-runs only the failed units', async () => {
    const { services } = await api();
    await config().update('maxRetries', 0, vscode.ConfigurationTarget.Workspace);
    try {
      server.failNext('500', 1);
      const job = await generate('retry-topics.json', 3);
      assert.equal(job.status, 'completed');
      assert.equal(job.failed, 1);
      assert.equal(job.generated, 2);
      const item = await treeItem(job.id);
      assert.equal(iconId(item), 'warning');
      assert.match(item.contextValue ?? '', /:hasFailed(:|$)/);
      assert.doesNotMatch(item.contextValue ?? '', /:resumable/);

      const chats = server.counters.chat;
      await vscode.commands.executeCommand('datagenflow.retryFailed', job.id);
      const retried = (await services.store.get()).store.getJob(job.id);
      assert.equal(retried?.failed, 0);
      assert.equal(retried?.generated, 3);
      assert.equal(server.counters.chat - chats, 2, 'the failed unit only: two blocks, one request each');
      assert.deepEqual((await services.store.get()).store.statusCounts(job.id), { pending: 3, accepted: 0, rejected: 0, failed: 0, total: 3 });
    } finally {
      await config().update('maxRetries', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('opens the database only once the view is visible, and says so when another process holds the lock', async () => {
    const { services, jobsView } = await api();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await until(() => !jobsView.treeView.visible, 'the Jobs view hidden');
    // Releases the extension's write lock; nothing reopens the database until something needs it.
    await services.store.reopen();
    assert.equal(services.store.isOpen(), false);
    const path = services.store.path();
    assert.ok(path);
    const writer = await openWorkspaceStore(path, 'integration test writer');
    try {
      services.store.notifyChanged();
      await new Promise((r) => setTimeout(r, 800));
      assert.equal(services.store.isOpen(), false, 'a hidden Jobs view does not open the database');

      await vscode.commands.executeCommand('datagenflow.jobs.focus');
      await until(() => jobsView.treeView.message?.startsWith('Read-only: integration test writer (pid ') === true, `the read-only note (message: ${jobsView.treeView.message})`);
      assert.equal((await services.store.get()).readOnly, true);
      const children = await jobsView.provider.getChildren();
      assert.ok(children.length > 0, 'jobs are still listed');
      for (const c of children) assert.doesNotMatch(jobsView.provider.getTreeItem(c).contextValue ?? '', /:(cancellable|resumable|hasFailed|deletable)/);
      await vscode.commands.executeCommand('datagenflow.deleteJob', children[0].job.id, { confirm: true });
      assert.ok(writer.store.getJob(children[0].job.id), 'a read-only window deletes nothing');
    } finally {
      await writer.close();
    }
    // Refresh retakes the lock once the other writer is gone.
    await vscode.commands.executeCommand('datagenflow.refreshJobs');
    await until(() => jobsView.treeView.message === undefined, 'the note cleared after Refresh');
    assert.equal((await services.store.get()).readOnly, false);
  });
});
