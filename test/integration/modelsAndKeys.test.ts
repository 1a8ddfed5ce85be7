import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { ModelsState } from '../../src/commands/modelCommands';
import type { ConnectionReport } from '../../src/commands/testConnectionCommand';
import { exportJsonl } from '../../src/core/store/exportJsonl';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { closedPort, extensionApi, filesUnder, logFile, readWorkspaceText, waitFor, workspaceUri } from './hostTestKit';

// Long and unique, so finding it anywhere can only mean a leak.
const SECRET = `sk-dgf-it-${randomBytes(16).toString('hex')}`;

function configure(request: object): Thenable<ModelsState> {
  return vscode.commands.executeCommand<ModelsState>('datagenflow.configureModels', request);
}

function testConnection(name: string): Thenable<ConnectionReport> {
  return vscode.commands.executeCommand<ConnectionReport>('datagenflow.testConnection', name);
}

async function workspaceSettings(): Promise<Record<string, unknown>> {
  return parseJsonc(await readWorkspaceText('.vscode', 'settings.json')) as Record<string, unknown>;
}

describe('models and API keys', () => {
  let server: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 2, apiKey: SECRET });
  });
  after(() => server.close());

  it('Configure Models writes a named model and the default to the workspace settings, and refuses a bad base URL', async () => {
    const state = await configure({ upsert: { name: 'keyed', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: 0.5, pricePer1kOutput: 1.5 } });
    assert.deepEqual(state.models.find((m) => m.name === 'keyed'), { name: 'keyed', baseUrl: server.baseUrl, model: 'fake-model', pricePer1kInput: 0.5, pricePer1kOutput: 1.5 });
    await configure({ setDefault: 'keyed' });
    const settings = await workspaceSettings();
    const models = settings['datagenflow.models'] as { name: string; baseUrl: string }[];
    assert.ok(models.some((m) => m.name === 'keyed' && m.baseUrl === server.baseUrl), JSON.stringify(models));
    assert.equal(settings['datagenflow.defaultModel'], 'keyed');
    await assert.rejects(Promise.resolve(configure({ upsert: { name: 'bad', baseUrl: 'ftp://example.com', model: 'm' } })), /Model "bad": Use an http:\/\/ or https:\/\/ URL/);
    await assert.rejects(Promise.resolve(configure({ upsert: { name: 'keyed', baseUrl: server.baseUrl, model: 'fake-model', replacing: 'nope' } })), /already exists/);
  });

  it('a key set with Set API Key reaches the Authorization header, and nowhere else: settings, database, export, log', async () => {
    const api = await extensionApi();
    assert.equal(await vscode.commands.executeCommand('datagenflow.setApiKey', 'keyed', SECRET), 'set');
    server.resetCounters();
    await vscode.commands.executeCommand('datagenflow.generate', workspaceUri('qa.dgf.json'), workspaceUri('topics.json'));
    const opened = await api.services.store.get();
    const job = opened.store.listJobs()[0];
    assert.equal(job.status, 'completed', job.error ?? '');
    assert.equal(job.generated, 3);
    assert.ok(server.counters.authHeaders.length >= 6, `${server.counters.authHeaders.length} requests`);
    assert.ok(server.counters.authHeaders.every((h) => h === `Bearer ${SECRET}`));

    const exported = workspaceUri('exports', 'keyed.jsonl');
    assert.equal((await exportJsonl(opened.store, { jobId: job.id, outPath: exported.fsPath })).count, 3);
    // Traces are stored deflated, so the raw bytes alone could hide a leak: read them back through the store too.
    const records = opened.store.pageRecords(job.id, { offset: 0, limit: 100, order: 'unit' }).map((r) => opened.store.getRecord(r.id));
    assert.equal(records.length, 3);
    assert.ok(!JSON.stringify([opened.store.getJob(job.id), records]).includes(SECRET), 'the job and its records (traces included)');

    // Every file of the workspace: .vscode/settings.json, .datagenflow/datagenflow.db and its journal, the export.
    const files = await filesUnder(workspaceUri());
    const names = files.map((f) => vscode.workspace.asRelativePath(f.uri, false));
    for (const expected of ['.vscode/settings.json', 'exports/keyed.jsonl']) assert.ok(names.includes(expected), names.join(', '));
    assert.ok(names.some((n) => n.startsWith('.datagenflow/datagenflow.db')), names.join(', '));
    const needle = Buffer.from(SECRET);
    for (const file of files) assert.ok(!Buffer.from(file.bytes).includes(needle), `the key is in ${file.uri.fsPath}`);
  });

  it('Test Connection reports the latency of a reachable model', async () => {
    const report = await testConnection('keyed');
    assert.equal(report.ok, true, report.message);
    assert.equal(typeof report.latencyMs, 'number');
    assert.match(report.message, new RegExp(`^Connected to keyed \\(fake-model at ${escape(server.baseUrl)}\\) in \\d+ ms\\.$`));
  });

  it('Test Connection says an endpoint is unreachable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    await configure({ upsert: { name: 'down', baseUrl: url, model: 'fake-model' } });
    const report = await testConnection('down');
    assert.equal(report.ok, false);
    assert.match(report.message, new RegExp(`^Test Connection to down \\(fake-model at ${escape(url)}\\) failed: Cannot reach ${escape(url)} .*connection refused`));
  });

  it('Test Connection says the key was refused (401), or that none is set', async () => {
    await configure({ upsert: { name: 'wrong-key', baseUrl: server.baseUrl, model: 'fake-model' } });
    const missing = await testConnection('wrong-key');
    assert.equal(missing.ok, false);
    assert.match(missing.message, /needs an API key \(HTTP 401\) and none is set for wrong-key: run "DataGenFlow: Set API Key"/);
    await vscode.commands.executeCommand('datagenflow.setApiKey', 'wrong-key', 'sk-not-the-right-one');
    const refused = await testConnection('wrong-key');
    assert.match(refused.message, /the API key was refused \(HTTP 401\) by .*: run "DataGenFlow: Set API Key" for wrong-key/);
    assert.equal(await vscode.commands.executeCommand('datagenflow.setApiKey', 'wrong-key', null), 'removed');
    assert.equal(await (await extensionApi()).services.keys.modelKey('wrong-key'), undefined);
  });

  it('Test Connection says a model does not exist at the endpoint', async () => {
    const strict = await FakeOpenAiServer.start({ models: ['fake-model', 'other-model'] });
    try {
      await configure({ upsert: { name: 'typo', baseUrl: strict.baseUrl, model: 'fake-modle' } });
      const report = await testConnection('typo');
      assert.equal(report.ok, false);
      assert.match(report.message, new RegExp(`model fake-modle does not exist at ${escape(strict.baseUrl)} \\(it serves: fake-model, other-model\\)`));
    } finally {
      await strict.close();
    }
  });

  it('Configure Models removes a model, and the default falls back when it was the default', async () => {
    await configure({ setDefault: 'typo' });
    const state = await configure({ remove: 'typo' });
    assert.ok(!state.models.some((m) => m.name === 'typo'));
    assert.equal(state.defaultName, undefined);
    await configure({ setDefault: 'keyed' });
    await assert.rejects(Promise.resolve(configure({ remove: 'typo' })), /no model named "typo"/);
  });

  it('the log never holds the key (read last, after every command above has logged)', async () => {
    const api = await extensionApi();
    const file = logFile(api);
    let log = '';
    // The log file is written asynchronously: wait for this suite's lines, so the file read is the one that matters.
    await waitFor(async () => {
      log = new TextDecoder().decode(await vscode.workspace.fs.readFile(file).then(undefined, () => new Uint8Array()));
      return log.includes('API key of model keyed stored in SecretStorage') && log.includes('Model typo removed');
    }, `this suite's lines in ${file.fsPath}`);
    assert.ok(log.includes('Connected to keyed'), 'Test Connection results are logged');
    assert.ok(!log.includes(SECRET), `the key is in ${file.fsPath}`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
