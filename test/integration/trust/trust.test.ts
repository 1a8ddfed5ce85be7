// Runs in a window whose folder is NOT trusted (Restricted Mode): see the second run of runCodeServer.mjs. The
// workspace carries the fixtures of ./fixtures: a .vscode/settings.json pointing the restricted settings elsewhere
// and a custom block that writes a marker file if it is ever evaluated.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { FakeOpenAiServer } from '../../fixtures/fakeOpenAiServer';
import { viewsWelcomeShown, type ViewsWelcomeEntry } from '../../fixtures/viewsWelcomeShown';
import { exists, extensionApi, waitFor, workspaceUri } from '../hostTestKit';

/**
 * Runs a command that should refuse with requireTrust's warning. The warning waits for an answer, so the command
 * only returns once the notification is gone: clear notifications until it has.
 */
async function runRefused(command: string, ...args: unknown[]): Promise<unknown> {
  let settled = false;
  const run = Promise.resolve(vscode.commands.executeCommand(command, ...args)).finally(() => {
    settled = true;
  });
  await waitFor(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    return settled;
  }, `${command} to return after its Restricted Mode warning`);
  return run;
}

describe('Restricted Mode (untrusted workspace)', () => {
  let server: FakeOpenAiServer;
  const config = () => vscode.workspace.getConfiguration('datagenflow');

  before(async () => {
    server = await FakeOpenAiServer.start();
    // User settings still apply in Restricted Mode: a model that would work, so a refusal is Restricted Mode's doing.
    await config().update('models', [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }], vscode.ConfigurationTarget.Global);
    await config().update('defaultModel', 'fake', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('models', undefined, vscode.ConfigurationTarget.Global);
    await config().update('defaultModel', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('opens the folder untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it("ignores the workspace's values of the restricted settings (models, database path, custom blocks folder)", async () => {
    const { services } = await extensionApi();
    assert.equal(config().get('concurrency'), 3, 'the fixture .vscode/settings.json was read');
    // VS Code hides restricted values from an untrusted workspace altogether, inspect() included.
    assert.equal(config().inspect('models')?.workspaceValue, undefined);
    assert.deepEqual(config().get('models'), [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }]);
    assert.equal(config().get('databasePath'), '.datagenflow/datagenflow.db');
    assert.equal(config().get('customBlocksFolder'), '.datagenflow/blocks');
    assert.equal(services.store.path(), workspaceUri('.datagenflow', 'datagenflow.db').fsPath);
  });

  it('Generate refuses: no job is stored and no request reaches the model', async () => {
    const { services } = await extensionApi();
    await runRefused('datagenflow.generate', workspaceUri('qa.dgf.json'), workspaceUri('topics.json'));
    assert.equal(services.jobs.running, undefined);
    assert.deepEqual((await services.store.get()).store.listJobs(), []);
    assert.equal(server.counters.requests, 0);
  });

  it('Try Seed refuses: no try runs and no request reaches the model', async () => {
    assert.equal(await runRefused('datagenflow.trySeed', workspaceUri('qa.dgf.json'), 0, undefined, workspaceUri('topics.json')), undefined);
    assert.equal(server.counters.requests, 0);
  });

  it("the Jobs view's welcome says why nothing runs and offers no Generate button that would refuse", () => {
    const extension = vscode.extensions.getExtension('datagenflow.datagenflow-vscode');
    assert.ok(extension);
    const entries = (extension.packageJSON as { contributes: { viewsWelcome: ViewsWelcomeEntry[] } }).contributes.viewsWelcome;
    const shown = viewsWelcomeShown(entries, 'datagenflow.jobs', { workbenchState: 'folder', isWorkspaceTrusted: vscode.workspace.isTrusted });
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.doesNotMatch(shown[0].contents, /command:datagenflow\.generate\b/);
    assert.match(shown[0].contents, /Restricted Mode/);
    assert.match(shown[0].contents, /\(command:workbench\.trust\.manage\)/);
  });

  it('Verify Seeds still works: its problems reach the Problems panel', async () => {
    const seeds = workspaceUri('bad-topics.json');
    await vscode.commands.executeCommand('datagenflow.verifySeeds', seeds);
    const messages = vscode.languages.getDiagnostics(seeds).map((d) => d.message);
    assert.ok(messages.some((m) => m.includes('repetitions must be a positive integer')), JSON.stringify(messages));
    assert.equal(server.counters.requests, 0);
  });

  it('New Pipeline from Template still works: it only writes files', async () => {
    const result = await vscode.commands.executeCommand<{ pipeline: vscode.Uri; seeds: vscode.Uri } | undefined>(
      'datagenflow.newPipelineFromTemplate',
      'text_classification',
      workspaceUri('restricted'),
    );
    assert.ok(result);
    assert.ok(await exists(result.pipeline));
    assert.ok(await exists(result.seeds));
    assert.equal(server.counters.requests, 0);
  });

  it('does not load custom blocks: the module is never evaluated and its type is unknown', async () => {
    const { services } = await extensionApi();
    assert.ok(await exists(workspaceUri('.datagenflow', 'blocks', 'Marker.js')), 'the fixture block is in the custom blocks folder');
    assert.equal(services.registry().get('Marker'), undefined);
    assert.equal(await exists(workspaceUri('.datagenflow', 'blocks', 'marker.txt')), false, 'Marker.js was evaluated');
  });

  it('New Custom Block refuses: it would write code this window runs', async () => {
    assert.equal(await runRefused('datagenflow.newCustomBlock', 'NotHere'), undefined);
    assert.equal(await exists(workspaceUri('.datagenflow', 'blocks', 'NotHere.js')), false);
  });
});
