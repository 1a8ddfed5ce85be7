import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EditorSession } from '../../src/editor/editorSessions';
import { extensionApi, waitFor, workspaceUri } from './hostTestKit';

/** Opens the file in its canvas and waits for the first drawn snapshot. */
async function openCanvas(uri: vscode.Uri): Promise<EditorSession> {
  await vscode.commands.executeCommand('vscode.open', uri);
  const api = await extensionApi();
  await waitFor(() => api.editors.of(uri).some((s) => s.rendered.length > 0), `the canvas of ${uri.path} to draw`, 30_000);
  return api.editors.of(uri)[0];
}

/** Waits for a note of the canvas (after `from` notes) matching `pattern`; returns it. */
async function noted(session: EditorSession, pattern: RegExp, from = 0): Promise<string> {
  const find = () => session.trace.slice(from).find((line) => pattern.test(line));
  await waitFor(() => find() !== undefined, `a canvas note matching ${pattern}`, 30_000).catch((e: Error) => {
    throw new Error(`${e.message}; trace:\n${session.trace.join('\n')}`);
  });
  return find() as string;
}

describe('Canvas header: seed file and plan; fields for prompt completion', function () {
  this.timeout(90_000);
  const pipeline = () => workspaceUri('canvas-plan.dgf.json');
  const config = () => vscode.workspace.getConfiguration('datagenflow');

  before(async () => {
    // Planning sends nothing: the endpoint is never called.
    await config().update('models', [{ name: 'priced', baseUrl: 'http://127.0.0.1:9/v1', model: 'fake-model', pricePer1kInput: 1, pricePer1kOutput: 2 }], vscode.ConfigurationTarget.Workspace);
    await config().update('defaultModel', 'priced', vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.copy(workspaceUri('qa.dgf.json'), pipeline(), { overwrite: true });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(pipeline());
  });

  it('no seed file at first; choosing one shows it, plans over it and offers its fields; an edit plans again', async () => {
    const session = await openCanvas(pipeline());
    await noted(session, /seedFile \(none\)/);
    await noted(session, /plan no-seeds/);

    const mark = session.trace.length;
    await vscode.commands.executeCommand('datagenflow.chooseSeedFile', pipeline(), workspaceUri('topics.json'));
    await noted(session, /seedFile topics\.json$/, mark);
    const ready = await noted(session, /plan (ready|unavailable)/, mark);
    // 3 units (2 + 1 repetitions) × 2 LLM blocks; outputs bounded by max_tokens.
    assert.match(ready, /plan ready: ~6 calls · ≤[\d.,k]+ tokens · ≤\$[\d.]+$/);
    const fields = await noted(session, /fields v\d+: .*topic \(seed field · topics\.json\)/, mark);
    assert.match(fields, /answer\[topic \(seed field · topics\.json\), [^\]]*\(output of block "question" \(TextGenerator\)\)/);

    const edited = session.trace.length;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === pipeline().toString());
    assert.ok(doc);
    const at = doc.getText().indexOf('Answer briefly');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(at), 'Please. ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await noted(session, /plan ready: ~6 calls/, edited);
  });
});
