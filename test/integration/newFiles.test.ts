import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NewCustomBlockResult } from '../../src/commands/customBlockCommand';
import type { NewPipelineResult } from '../../src/commands/templateCommands';
import { scaffoldBlockSource } from '../../src/core/blocks/custom/scaffoldSource';
import { extensionApi, exists, readWorkspaceText, workspaceUri } from './hostTestKit';

function newPipeline(id: string, folder: vscode.Uri, onExisting?: 'refuse' | 'suffix'): Thenable<NewPipelineResult | undefined> {
  return vscode.commands.executeCommand<NewPipelineResult | undefined>('datagenflow.newPipelineFromTemplate', id, folder, onExisting);
}

function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}

async function templateText(name: string): Promise<string> {
  const { services } = await extensionApi();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(services.context.extensionUri, 'templates', name)));
}

describe('New Pipeline from Template', () => {
  const folder = () => workspaceUri('from-template');

  it('writes the pipeline and its example seeds, unchanged, and opens the pipeline', async () => {
    const result = await newPipeline('json_generation', folder());
    assert.ok(result);
    assert.equal(result.pipeline.fsPath, workspaceUri('from-template', 'json_generation.dgf.json').fsPath);
    assert.equal(result.seeds.fsPath, workspaceUri('from-template', 'json_generation.seeds.json').fsPath);
    assert.equal(await readWorkspaceText('from-template', 'json_generation.dgf.json'), await templateText('json_generation.dgf.json'));
    assert.equal(await readWorkspaceText('from-template', 'json_generation.seeds.json'), await templateText('json_generation.seeds.json'));
    assert.equal(activeTabUri()?.fsPath, result.pipeline.fsPath);
  });

  it('never overwrites: refuses, or writes under the next free suffix', async () => {
    const edited = '{ "edited": "by the user" }\n';
    await vscode.workspace.fs.writeFile(workspaceUri('from-template', 'json_generation.dgf.json'), new TextEncoder().encode(edited));
    assert.equal(await newPipeline('json_generation', folder(), 'refuse'), undefined);
    assert.equal(await readWorkspaceText('from-template', 'json_generation.dgf.json'), edited);

    const again = await newPipeline('json_generation', folder(), 'suffix');
    assert.ok(again);
    assert.equal(again.pipeline.fsPath, workspaceUri('from-template', 'json_generation_2.dgf.json').fsPath);
    assert.equal(again.seeds.fsPath, workspaceUri('from-template', 'json_generation_2.seeds.json').fsPath);
    assert.equal(await readWorkspaceText('from-template', 'json_generation_2.dgf.json'), await templateText('json_generation.dgf.json'));
    assert.equal(await readWorkspaceText('from-template', 'json_generation.dgf.json'), edited);
  });

  it('writes a Markdown-seeded template with its .md seeds', async () => {
    const result = await newPipeline('qa_generation', folder());
    assert.ok(result);
    assert.ok(await exists(workspaceUri('from-template', 'qa_generation.seeds.md')));
  });

  it('refuses an unknown template id, naming the ones there are', async () => {
    await assert.rejects(Promise.resolve(newPipeline('nope', folder())), /There is no template "nope"\. Templates: json_generation, /);
  });
});

describe('New Custom Block', () => {
  it('writes the scaffold of `datagenflow blocks scaffold` into the custom blocks folder and opens it', async () => {
    const result = await vscode.commands.executeCommand<NewCustomBlockResult | undefined>('datagenflow.newCustomBlock', 'TitleCase', 'utilities');
    assert.ok(result);
    assert.equal(result.blockFile.fsPath, workspaceUri('.datagenflow', 'blocks', 'TitleCase.js').fsPath);
    assert.equal(result.testFile.fsPath, workspaceUri('.datagenflow', 'blocks', 'TitleCase.test.js').fsPath);
    assert.equal(await readWorkspaceText('.datagenflow', 'blocks', 'TitleCase.js'), scaffoldBlockSource('TitleCase', 'utilities'));
    assert.ok(await exists(result.testFile));
    assert.equal(activeTabUri()?.fsPath, result.blockFile.fsPath);
  });

  it('refuses a name that exists, is a built-in type or is not PascalCase, and writes nothing', async () => {
    const before = await readWorkspaceText('.datagenflow', 'blocks', 'TitleCase.js');
    for (const name of ['TitleCase', 'TextGenerator', 'lower_case']) {
      assert.equal(await vscode.commands.executeCommand('datagenflow.newCustomBlock', name), undefined, name);
    }
    assert.equal(await readWorkspaceText('.datagenflow', 'blocks', 'TitleCase.js'), before);
    assert.equal(await exists(workspaceUri('.datagenflow', 'blocks', 'lower_case.js')), false);
  });
});
