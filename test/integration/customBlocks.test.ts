import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, waitFor as until } from './hostTestKit';

const services = async () => (await extensionApi()).services;

const source = (description: string) => `module.exports = {
  type: 'ShoutField', name: 'Shout', description: ${JSON.stringify(description)}, category: 'utilities',
  inputs: ['text'], outputs: ['shout'],
  configSchema: { type: 'object', properties: {}, required: [], additionalProperties: false },
  async execute(ctx) { return { output: { shout: String(ctx.state.text).toUpperCase() } }; },
};
`;

/** In a trusted workspace, custom blocks from .datagenflow/blocks load and reload when their file changes. */
describe('custom blocks in the extension host', () => {
  it('loads a workspace block, reloads it on change, and lists a broken one without breaking the others', async () => {
    const s = await services();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder);
    const blocks = vscode.Uri.joinPath(folder, '.datagenflow', 'blocks');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(blocks, 'ShoutField.js'), new TextEncoder().encode(source('first')));
    await until(() => s.registry().get('ShoutField')?.description === 'first', 'the custom block to load');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(blocks, 'ShoutField.js'), new TextEncoder().encode(source('second')));
    await until(() => s.registry().get('ShoutField')?.description === 'second', 'the custom block to reload');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(blocks, 'Broken.js'), new TextEncoder().encode('module.exports = {;'));
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(s.registry().get('ShoutField')?.description, 'second', 'a broken neighbour does not unload the others');
    assert.ok(s.registry().get('TextGenerator'), 'built-ins stay');
    await vscode.workspace.fs.delete(blocks, { recursive: true });
    await until(() => s.registry().get('ShoutField') === undefined, 'the block to go away with its folder');
  });
});
