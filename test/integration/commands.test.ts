import * as assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, useFakeModel, waitFor, workspaceUri } from './hostTestKit';

const folder = () => workspaceUri();
const api = extensionApi;
const until = waitFor;

describe('commands in the extension host', () => {
  let server: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
    await useFakeModel(server, { concurrency: 2 });
  });
  after(() => server.close());

  it('Verify Seeds puts each seed problem in the Problems panel at its exact range', async () => {
    const seeds = vscode.Uri.joinPath(folder(), 'bad-topics.json');
    await vscode.commands.executeCommand('datagenflow.verifySeeds', seeds);
    const diagnostics = vscode.languages.getDiagnostics(seeds);
    const repetitions = diagnostics.find((d) => d.message.includes('repetitions must be a positive integer'));
    assert.ok(repetitions, JSON.stringify(diagnostics.map((d) => d.message)));
    assert.equal(repetitions.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(repetitions.range.start.line, 2, 'the line of "repetitions": -2 (0-based)');
    const doc = await vscode.workspace.openTextDocument(seeds);
    assert.equal(doc.getText(repetitions.range), '-2');
    const missing = diagnostics.find((d) => d.message.includes('"topic"'));
    assert.ok(missing);
    assert.match(missing.message, /"question" \(TextGenerator\)/);
    assert.equal(missing.range.start.line, 3);
    // One problem for the two seeds without "topic", each listed with its place (related information).
    assert.equal(diagnostics.filter((d) => d.message.includes('"topic"')).length, 1);
    assert.match(missing.message, /^Seed 3 and Seed 4 are missing field "topic"/);
    assert.deepEqual(
      missing.relatedInformation?.map((r) => [r.message, r.location.uri.toString(), r.location.range.start.line]),
      [
        ['Seed 3', seeds.toString(), 3],
        ['Seed 4', seeds.toString(), 4],
      ],
    );
  });

  it('Generate runs the pipeline over the seeds into the workspace database', async () => {
    const { services } = await api();
    const pipeline = vscode.Uri.joinPath(folder(), 'qa.dgf.json');
    const seeds = vscode.Uri.joinPath(folder(), 'topics.json');
    await vscode.commands.executeCommand('datagenflow.generate', pipeline, seeds);
    const opened = await services.store.get();
    const job = opened.store.listJobs()[0];
    assert.ok(job, 'a job was stored');
    assert.equal(job.status, 'completed');
    assert.equal(job.pipelineName, 'Questions and answers');
    assert.equal(job.seedsPath, 'topics.json');
    assert.equal(job.generated, 3);
    assert.deepEqual(opened.store.statusCounts(job.id), { pending: 3, accepted: 0, rejected: 0, failed: 0, total: 3 });
  });

  it('Generate reads the seeds of a file no editor has open from a snapshot, deleted after the run; editing the file meanwhile changes nothing', async () => {
    const { services } = await api();
    const seeds = vscode.Uri.joinPath(folder(), 'snapshot-topics.json');
    const text = JSON.stringify([{ metadata: { topic: 'tea' } }, { metadata: { topic: 'rivers' } }], null, 2);
    await vscode.workspace.fs.writeFile(seeds, new TextEncoder().encode(text));
    const snapshots = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`datagenflow-seeds-${process.pid}-`));
    const before = snapshots();
    let during: string[] | undefined;
    const editing = await FakeOpenAiServer.start({
      reply: (req) => {
        if (!during) {
          during = snapshots();
          writeFileSync(seeds.fsPath, text.replace('rivers', 'volcanoes'));
        }
        return `About ${req.messages.at(-1)?.content ?? ''}`;
      },
    });
    try {
      await useFakeModel(editing, { concurrency: 1 });
      await vscode.commands.executeCommand('datagenflow.generate', vscode.Uri.joinPath(folder(), 'qa.dgf.json'), seeds);
      const { store } = await services.store.get();
      const job = store.listJobs()[0];
      assert.equal(job.seedsPath, 'snapshot-topics.json');
      assert.equal(job.status, 'completed');
      assert.equal(during?.filter((f) => !before.includes(f)).length, 1, 'the run read a snapshot of the seed file');
      assert.deepEqual(snapshots(), before, 'the snapshot is deleted when the run ends');
      const topics: unknown[] = [];
      for await (const record of store.jobRecords(job.id)) topics.push(record.metadata.topic);
      topics.sort();
      assert.deepEqual(topics, ['rivers', 'tea'], 'the seeds as they were checked');
    } finally {
      await useFakeModel(server, { concurrency: 2 });
      await editing.close();
      await vscode.workspace.fs.delete(seeds);
    }
  });

  it('Generate refuses seeds with errors and shows them as diagnostics, running nothing', async () => {
    const { services } = await api();
    const before = (await services.store.get()).store.listJobs().length;
    const chats = server.counters.chat;
    await vscode.commands.executeCommand('datagenflow.generate', vscode.Uri.joinPath(folder(), 'qa.dgf.json'), vscode.Uri.joinPath(folder(), 'bad-topics.json'));
    assert.equal((await services.store.get()).store.listJobs().length, before);
    assert.equal(server.counters.chat, chats);
    assert.ok(vscode.languages.getDiagnostics(vscode.Uri.joinPath(folder(), 'bad-topics.json')).length >= 2);
  });

  it('Cancel Job stops a running job at once: nothing new starts, finished records are kept', async () => {
    const { services } = await api();
    server.options.latencyMs = 200;
    try {
      const many = vscode.Uri.joinPath(folder(), 'many-topics.json');
      await vscode.workspace.fs.writeFile(many, new TextEncoder().encode(JSON.stringify([{ repetitions: 40, metadata: { topic: 'tea' } }])));
      const run = vscode.commands.executeCommand('datagenflow.generate', vscode.Uri.joinPath(folder(), 'qa.dgf.json'), many);
      await until(async () => {
        const opened = await services.store.get();
        const job = opened.store.listJobs()[0];
        return job !== undefined && job.seedsPath === 'many-topics.json' && job.generated >= 1;
      }, 'the first record');
      await vscode.commands.executeCommand('datagenflow.cancelJob');
      const requestsAtCancel = server.counters.chat;
      await run;
      await new Promise((r) => setTimeout(r, 500));
      // VS Code's extension host wraps fetch (proxy support), so the server may see aborted sockets late; what
      // matters to the user is that the job ends and no request starts after Cancel.
      assert.equal(server.counters.chat, requestsAtCancel, 'no request started after cancel');
      const job = (await services.store.get()).store.listJobs()[0];
      assert.equal(job.status, 'cancelled');
      assert.ok(job.generated >= 1 && job.generated < 40, `kept ${job.generated}`);
      assert.equal(services.jobs.running, undefined);
    } finally {
      server.options.latencyMs = 5;
    }
  });
});
