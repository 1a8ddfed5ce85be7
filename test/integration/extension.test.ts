import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DataGenFlowApi } from '../../src/extension';

const EXTENSION_ID = 'datagenflow.datagenflow-vscode';
// This bundle is dist/test/integration.js, two levels below the extension's root.
const EXTENSION_ROOT = path.resolve(__dirname, '..', '..');

function getExtension(): vscode.Extension<DataGenFlowApi | undefined> {
  const extension = vscode.extensions.getExtension<DataGenFlowApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension;
}

describe('DataGenFlow extension', () => {
  it('is loaded from the development folder', () => {
    const extension = getExtension();
    assert.equal(extension.extensionUri.fsPath, EXTENSION_ROOT);
    assert.equal(extension.packageJSON.name, 'datagenflow-vscode');
  });

  it('activates on its Show Log command and, run by the tests (ExtensionMode.Test), exports its test API', async () => {
    const extension = getExtension();
    await vscode.commands.executeCommand('datagenflow.showLog');
    assert.equal(extension.isActive, true);
    const api = extension.exports;
    assert.ok(api, 'activate() returns the test API only in ExtensionMode.Test');
    assert.equal(api.services.context.extensionMode, vscode.ExtensionMode.Test);
    assert.equal(api.log.name, 'DataGenFlow');
    assert.equal(typeof api.log.info, 'function');
  });

  it('runs in the fixture workspace', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    const readme = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folders[0].uri, 'README.txt'));
    assert.match(new TextDecoder().decode(readme), /^DataGenFlow integration-test workspace\./);
  });
});
