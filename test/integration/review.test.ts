import * as assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { JobRow } from '../../src/core/store/storeTypes';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, useFakeModel, waitFor, workspaceUri } from './hostTestKit';
import { generateJob, reviewProtocol } from './reviewJobFixture';

/** qa.dgf.json over one topic, `repetitions` times. */
function generate(seedsName: string, repetitions: number): Promise<JobRow> {
  return generateJob('qa.dgf.json', seedsName, [{ repetitions, metadata: { topic: 'review' } }]);
}

function closeReviewTabs(): Thenable<unknown> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview || t.input instanceof vscode.TabInputTextDiff);
  return vscode.window.tabGroups.close(tabs);
}

describe('Review panel', () => {
  let server: FakeOpenAiServer;
  const config = () => vscode.workspace.getConfiguration('datagenflow');

  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
    await useFakeModel(server);
  });
  after(async () => {
    await closeReviewTabs();
    server.close();
  });

  it('answers the protocol in the extension host: paging, counts, status change, edit, undo, export, diff, delete', async () => {
    const api = await extensionApi();
    const job = await generate('review-protocol.json', 5);
    const call = await reviewProtocol();
    const view = await call('openJob', { jobId: job.id });
    assert.deepEqual(view.counts, { pending: 5, accepted: 0, rejected: 0, failed: 0, total: 5 });
    assert.ok(view.fields.includes('assistant'));
    assert.deepEqual(view.layout.primary, ['assistant']);
    const page = await call('page', { jobId: job.id, status: 'pending', offset: 0, limit: 2 });
    assert.equal(page.total, 5);
    assert.equal(page.rows.length, 2);
    const first = await call('record', { jobId: job.id, status: 'pending', offset: 0 });
    assert.equal(first.record?.id, page.rows[0].id);
    assert.ok((first.record?.trace.length ?? 0) > 0, 'the trace is there');

    const accepted = await call('setStatus', { jobId: job.id, ids: [page.rows[0].id], status: 'accepted', then: { jobId: job.id, status: 'pending', offset: 0 } });
    assert.deepEqual([accepted.counts.pending, accepted.counts.accepted], [4, 1]);
    assert.equal(accepted.next?.record?.id, page.rows[1].id, 'the next record comes up');
    const edited = await call('edit', { jobId: job.id, recordId: page.rows[1].id, fields: { assistant: 'Edited in review' } });
    assert.equal(edited.record.edited, true);
    assert.notEqual(edited.record.originalFields?.assistant, 'Edited in review');

    await call('openDiff', { recordId: page.rows[1].id });
    await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 'the diff editor');
    const diff = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
    assert.equal(diff.original.scheme, 'datagenflow-record');
    const right = await vscode.workspace.openTextDocument(diff.modified);
    assert.match(right.getText(), /"assistant": "Edited in review"/);
    const left = await vscode.workspace.openTextDocument(diff.original);
    assert.doesNotMatch(left.getText(), /Edited in review/);

    const undoEdit = await call('undo', { jobId: job.id });
    assert.deepEqual(undoEdit.undone, { kind: 'edit', recordIds: [page.rows[1].id] });
    const undoAccept = await call('undo', { jobId: job.id });
    assert.equal(undoAccept.undone?.kind, 'status');
    assert.equal(undoAccept.counts.pending, 5);

    await call('setStatus', { jobId: job.id, ids: page.rows.map((r) => r.id), status: 'rejected' });
    const target = workspaceUri('exports', `review-job${job.id}-rejected.jsonl`);
    api.review.dialogs.exportUri = () => target;
    try {
      const exported = await call('exportJsonl', { jobId: job.id, status: 'rejected' });
      assert.equal(exported?.count, 2);
      assert.equal(exported?.path, `exports/review-job${job.id}-rejected.jsonl`);
      const lines = (await readFile(target.fsPath, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; status: string });
      assert.deepEqual(lines.map((l) => [l.id, l.status]), page.rows.map((r) => [r.id, 'rejected']));
    } finally {
      api.review.dialogs.exportUri = undefined;
    }

    api.review.dialogs.skipDeleteConfirmation = () => true;
    try {
      assert.deepEqual(await call('deleteAll', { jobId: job.id }), { deleted: true, records: 5 });
    } finally {
      api.review.dialogs.skipDeleteConfirmation = undefined;
    }
    const store = (await api.services.store.get()).store;
    assert.equal(store.getJob(job.id), undefined);
    assert.equal(store.statusCounts(job.id).total, 0);
    await closeReviewTabs();
  });

  it('Open Review shows the job in one panel; the review commands go through the webview, which acts or refuses', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const job = await generate('review-open.json', 3);
    // From the Jobs view: the command gets the job's tree element.
    const element = (await api.jobsView.provider.getChildren()).find((e) => e.job.id === job.id);
    assert.ok(element, 'the job is in the Jobs view');
    await vscode.commands.executeCommand('datagenflow.openReview', element);
    assert.ok(api.review.panel(), 'the panel is open');
    // The current panel: one whose webview never starts is replaced by a new one (see ReviewPanel's watchdog).
    await waitFor(() => api.review.panel()?.shownJobId === job.id, 'the webview to open the job', 30_000);
    const panel = api.review.panel()!;
    assert.equal(panel.panel.viewType, 'datagenflow.review');
    // Opening again reuses the panel.
    await vscode.commands.executeCommand('datagenflow.openReview', job.id);
    assert.equal(api.review.panel(), panel);
    // The key's command → the webview, which decides → setStatus on the record it shows; the command resolves with
    // the webview's decision once it is done.
    const store = (await api.services.store.get()).store;
    const key = (command: string) => vscode.commands.executeCommand<string | undefined>(`datagenflow.review.${command}`);
    const outcomes: (string | undefined)[] = [];
    await waitFor(async () => {
      outcomes.push(await key('accept'));
      return outcomes.at(-1) === 'ran';
    }, `the accept command to run in the webview (outcomes: ${outcomes.join(', ')})`, 10_000);
    // Before it is ready the webview gets no command at all (a held key would act on a record not yet shown).
    assert.ok(outcomes.slice(0, -1).every((o) => o === 'not-ready' || o === 'typing'), outcomes.join(', '));
    assert.equal(store.statusCounts(job.id).accepted, 1);
    const [firstRecord] = store.pageRecords(job.id, { order: 'unit', offset: 0, limit: 1 });
    assert.equal(firstRecord.status, 'accepted');
    assert.equal(await key('undo'), 'ran');
    assert.equal(store.statusCounts(job.id).accepted, 0);
    // E opens the edit form: from then on the keys type, whatever the keybinding's context key says — the webview
    // refuses the command itself.
    assert.equal(await key('edit'), 'ran');
    assert.equal(await key('reject'), 'form');
    assert.equal(await key('accept'), 'form');
    assert.equal(await key('undo'), 'form');
    assert.deepEqual([store.statusCounts(job.id).accepted, store.statusCounts(job.id).rejected], [0, 0]);
    panel.panel.dispose();
    assert.equal(api.review.panel(), undefined);
  });

  it('a panel hidden behind another editor shows the job asked for when revealed, and keeps it when hidden again', async function () {
    this.timeout(60_000);
    const api = await extensionApi();
    const first = await generate('review-hidden-a.json', 2);
    const second = await generate('review-hidden-b.json', 2);
    await vscode.commands.executeCommand('datagenflow.openReview', first.id);
    assert.ok(api.review.panel());
    await waitFor(() => api.review.panel()?.shownJobId === first.id, 'the webview to open the first job', 30_000);
    const panel = api.review.panel()!;
    const hideBehindText = async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceUri('README.txt'));
      await vscode.window.showTextDocument(doc, { viewColumn: panel.panel.viewColumn, preview: false });
      await waitFor(() => !panel.panel.visible, 'the panel to be hidden');
    };
    await hideBehindText();
    // Asked for while hidden: the event waits for the webview that loads when the panel is shown again.
    await vscode.commands.executeCommand('datagenflow.openReview', second.id);
    await waitFor(() => panel.panel.visible && panel.shownJobId === second.id, 'the revealed panel to show the second job');
    // Hidden and shown again: its own view state (the second job) wins over the job the page was first loaded with.
    await hideBehindText();
    panel.panel.reveal();
    await waitFor(() => panel.panel.visible, 'the panel to be shown again');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(panel.shownJobId, second.id);
    panel.panel.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows a running job: throttled live counts until the job ends', async () => {
    const api = await extensionApi();
    const store = (await api.services.store.get()).store;
    await vscode.workspace.fs.writeFile(workspaceUri('review-live.json'), new TextEncoder().encode(JSON.stringify([{ repetitions: 12, metadata: { topic: 'live' } }])));
    // One request at a time at 150 ms: the job runs for a few seconds.
    server.options.latencyMs = 150;
    await config().update('concurrency', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const run = vscode.commands.executeCommand('datagenflow.generate', workspaceUri('qa.dgf.json'), workspaceUri('review-live.json'));
      await waitFor(() => {
        const job = store.listJobs()[0];
        return job?.seedsPath === 'review-live.json' && job.status === 'running' && job.generated >= 1;
      }, 'the first record of the running job');
      const job = store.listJobs()[0];
      await vscode.commands.executeCommand('datagenflow.openReview', job.id);
      const panel = api.review.panel();
      assert.ok(panel);
      const pushes: { total: number; running: boolean; at: number }[] = [];
      const listening = api.review.onDidPushJob((e) => e.jobId === job.id && pushes.push({ total: e.counts.total, running: e.running, at: Date.now() }));
      const started = Date.now();
      await waitFor(() => panel.shownJobId === job.id, 'the webview to open the running job');
      await run;
      await waitFor(() => pushes.some((p) => !p.running && p.total === 12), `the final counts of the finished job (${store.getJob(job.id)?.status}; pushes so far: ${JSON.stringify(pushes)})`).catch((e: Error) => {
        throw new Error(`${e.message}; pushes: ${JSON.stringify(pushes)}; job: ${JSON.stringify(store.listJobs()[0])}`);
      });
      listening.dispose();
      const ms = Date.now() - started;
      assert.ok(pushes.some((p) => p.running && p.total < 12), `counts came while the job ran: ${JSON.stringify(pushes)}`);
      for (let i = 1; i < pushes.length; i++) assert.ok(pushes[i].total >= pushes[i - 1].total, 'the counts only grow');
      // Throttled to one push per 300 ms (plus the trailing one).
      assert.ok(pushes.length <= Math.ceil(ms / 300) + 2, `${pushes.length} pushes in ${ms} ms`);
      panel.panel.dispose();
    } finally {
      server.options.latencyMs = 5;
      await config().update('concurrency', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('the serializer restores a Review panel after a reload', async () => {
    const api = await extensionApi();
    const job = await generate('review-restore.json', 2);
    // What the workbench does on reload: a panel of the view type handed to the registered serializer.
    const panel = vscode.window.createWebviewPanel('datagenflow.review', 'DataGenFlow Review', vscode.ViewColumn.One, { enableScripts: true });
    await api.review.serializer.deserializeWebviewPanel(panel, { jobId: job.id, status: 'pending', offset: 0, view: 'single', pageSize: 25 });
    const revived = api.review.panel();
    assert.equal(revived?.panel, panel);
    // Without a saved state in this synthetic reload, the app opens the newest job with records.
    await waitFor(() => revived?.shownJobId === job.id, 'the revived webview to open a job');
    panel.dispose();
  });
});
