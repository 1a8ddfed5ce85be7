import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EditorSession } from '../../src/editor/editorSessions';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, waitFor, workspaceUri } from './hostTestKit';

const VIEW_TYPE = 'datagenflow.pipelineEditor';

function activeTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.activeTabGroup.activeTab;
}

async function writeFile(name: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceUri('editor-tests', name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Opens the file the default way (vscode.open) and waits for its canvas to draw the first snapshot. */
async function openCanvas(uri: vscode.Uri): Promise<EditorSession> {
  await vscode.commands.executeCommand('vscode.open', uri);
  const api = await extensionApi();
  await waitFor(() => api.editors.of(uri).some((s) => s.rendered.length > 0), `the canvas of ${uri.path} to draw`, 30_000).catch((e: Error) => {
    throw new Error(`${e.message}; ${api.editors.of(uri).length} canvas(es); trace:\n${api.editors.of(uri).map((s) => s.trace.join('\n')).join('\n--\n')}`);
  });
  return api.editors.of(uri)[0];
}

function documentOf(uri: vscode.Uri): vscode.TextDocument {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  assert.ok(doc, `${uri.path} is open as a TextDocument`);
  return doc;
}

const PIPELINE = `${JSON.stringify(
  {
    version: 1,
    name: 'Editor test',
    blocks: [{ id: 'gen', type: 'TextGenerator', config: { user_prompt: 'Write about {{ topic }}' }, position: { x: 0, y: 100 }, owner: 'kept' }],
    edges: [
      { source: 'start', target: 'gen' },
      { source: 'gen', target: 'end' },
    ],
  },
  null,
  2,
)}\n`;

describe('Pipeline editor (custom editor for *.dgf.json)', function () {
  this.timeout(90_000);

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a .dgf.json in the canvas by default, and the webview draws the document', async () => {
    const uri = await writeFile('open.dgf.json', PIPELINE);
    const session = await openCanvas(uri);
    const input = activeTab()?.input;
    assert.ok(input instanceof vscode.TabInputCustom, 'the active tab is a custom editor');
    assert.equal(input.viewType, VIEW_TYPE);
    const doc = documentOf(uri);
    const drawn = session.rendered.at(-1);
    assert.equal(drawn?.version, doc.version);
    assert.equal(drawn?.nodes, 3, 'Start, the block and End');
    const snapshot = session.snapshots.at(-1);
    assert.deepEqual(snapshot?.pipeline?.blocks.map((b) => b.id), ['gen']);
    assert.deepEqual(snapshot?.available.gen, ['topic']);
  });

  it('applies protocol edits to the document (dirty, unknown fields kept); undo restores it; the canvas follows', async () => {
    const uri = await writeFile('edits.dgf.json', PIPELINE);
    const session = await openCanvas(uri);
    const doc = documentOf(uri);
    const added = await session.request('edit', { edit: { kind: 'addBlock', type: 'ValidatorBlock', config: {}, position: { x: 0, y: 300 } } });
    assert.equal(added.createdId, 'validator_block');
    assert.equal(added.version, doc.version);
    assert.equal(doc.isDirty, true);
    const parsed = JSON.parse(doc.getText()) as { blocks: { id: string; owner?: string }[] };
    assert.deepEqual(parsed.blocks.map((b) => b.id), ['gen', 'validator_block']);
    assert.equal(parsed.blocks[0].owner, 'kept');
    await waitFor(() => session.rendered.some((r) => r.version === doc.version && r.nodes === 4), 'the canvas to draw the added block');

    await session.request('edit', { edit: { kind: 'configure', blockId: 'gen', key: 'temperature', value: 0.3 } });
    assert.match(doc.getText(), /"temperature": 0\.3/);
    // A connection that breaks the rules is refused with the core's reason and changes nothing.
    const before = doc.getText();
    await assert.rejects(session.request('edit', { edit: { kind: 'connect', source: 'gen', target: 'validator_block' } }), /Connecting "gen" → "validator_block" would branch: "gen" already connects to /);
    assert.equal(doc.getText(), before);

    await vscode.commands.executeCommand('undo');
    await waitFor(() => !doc.getText().includes('"temperature"'), 'undo to remove the temperature');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === PIPELINE, 'undo to restore the original text');
    await waitFor(() => session.rendered.some((r) => r.version === doc.version && r.nodes === 3), 'the canvas to draw the undone document');
  });

  it('a text edit reaches the canvas; two editors on one file stay in step', async () => {
    const uri = await writeFile('text.dgf.json', PIPELINE);
    const session = await openCanvas(uri);
    await vscode.commands.executeCommand('vscode.openWith', uri, VIEW_TYPE, vscode.ViewColumn.Beside);
    const api = await extensionApi();
    await waitFor(() => api.editors.of(uri).length === 2 && api.editors.of(uri).every((s) => s.rendered.length > 0), 'the second canvas to draw');
    const doc = documentOf(uri);
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('Editor test');
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Editor test'.length)), 'Renamed in text');
    assert.ok(await vscode.workspace.applyEdit(edit));
    for (const s of api.editors.of(uri)) {
      await waitFor(() => s.rendered.some((r) => r.version === doc.version), 'each canvas to draw the text edit');
      assert.equal(s.snapshots.at(-1)?.pipeline?.name, 'Renamed in text');
    }
    // An edit made in one canvas reaches the other.
    await session.request('edit', { edit: { kind: 'renamePipeline', name: 'From canvas one' } });
    for (const s of api.editors.of(uri)) await waitFor(() => s.snapshots.at(-1)?.pipeline?.name === 'From canvas one' && s.rendered.some((r) => r.version === doc.version), 'both canvases to draw the canvas edit');
  });

  it('a canvas hidden behind another editor catches up with changes made meanwhile when shown again', async () => {
    const uri = await writeFile('hidden.dgf.json', PIPELINE);
    const session = await openCanvas(uri);
    const doc = documentOf(uri);
    // Another editor in the same group hides the canvas; its webview is not kept alive while hidden.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'in front of the canvas' }), { viewColumn: vscode.ViewColumn.Active });
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('Editor test');
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Editor test'.length)), 'Changed while hidden');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand('vscode.open', uri);
    await waitFor(() => session.rendered.some((r) => r.version === doc.version), 'the canvas, shown again, to draw the current version');
    assert.equal(session.snapshots.at(-1)?.pipeline?.name, 'Changed while hidden');
  });

  it('Generate without a pipeline argument runs the pipeline of the active canvas (a custom editor, no text editor)', async () => {
    const server = await FakeOpenAiServer.start({ latencyMs: 1 });
    const config = vscode.workspace.getConfiguration('datagenflow');
    const saved = { models: config.inspect('models')?.workspaceValue, defaultModel: config.inspect('defaultModel')?.workspaceValue };
    try {
      await config.update('models', [{ name: 'fake', baseUrl: server.baseUrl, model: 'fake-model' }], vscode.ConfigurationTarget.Workspace);
      await config.update('defaultModel', 'fake', vscode.ConfigurationTarget.Workspace);
      const uri = workspaceUri('qa.dgf.json');
      await openCanvas(uri);
      assert.equal(vscode.window.activeTextEditor, undefined, 'no text editor is active');
      const { services } = await extensionApi();
      const before = (await services.store.get()).store.listJobs().length;
      await vscode.commands.executeCommand('datagenflow.generate', undefined, workspaceUri('topics.json'));
      const jobs = (await services.store.get()).store.listJobs();
      assert.equal(jobs.length, before + 1);
      assert.equal(jobs[0].pipelineName, 'Questions and answers');
      assert.equal(jobs[0].status, 'completed');
    } finally {
      await config.update('models', saved.models, vscode.ConfigurationTarget.Workspace);
      await config.update('defaultModel', saved.defaultModel, vscode.ConfigurationTarget.Workspace);
      await server.close();
    }
  });

  it('reports a malformed file with its line and column instead of a canvas', async () => {
    const uri = await writeFile('broken.dgf.json', '{\n  "version": 1,\n  "name": "Broken",\n  "blocks": [\n');
    await vscode.commands.executeCommand('vscode.open', uri);
    const api = await extensionApi();
    await waitFor(() => api.editors.of(uri).some((s) => s.rendered.length > 0), 'the malformed view to render').catch((e: Error) => {
      throw new Error(`${e.message}; trace:\n${api.editors.of(uri).map((s) => s.trace.join('\n')).join('\n--\n')}`);
    });
    const snapshot = api.editors.of(uri)[0].snapshots.at(-1);
    assert.equal(snapshot?.pipeline, undefined);
    assert.equal(api.editors.of(uri)[0].rendered.at(-1)?.nodes, 0);
    const problem = snapshot?.problems[0];
    assert.equal(problem?.code, 'json-invalid');
    assert.equal(typeof problem?.line, 'number');
    assert.equal(typeof problem?.column, 'number');
    // Reopen with Text Editor swaps the canvas for the text editor.
    await api.editors.of(uri)[0].request('reopenAsText', {});
    await waitFor(() => activeTab()?.input instanceof vscode.TabInputText, 'the text editor to open');
  });
});
