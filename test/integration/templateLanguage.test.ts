import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, waitFor } from './hostTestKit';
import { pipelineFixture, questionAnswerPipeline } from './pipelineFixture';

// Written at test time, not kept in the workspace fixture: a second pipeline there would make the commands suite's
// pickPipeline ask which one instead of taking the only one.
const ANSWER_PROMPT = 'Line one\n"Quoted" {{ asistant }} and {{ maybe | default("none") }}';
const PIPELINE = questionAnswerPipeline('Template language test', { user_prompt: 'Ask about {{ topic }} for {{ audience }}.' }, { user_prompt: ANSWER_PROMPT });
const SEEDS = [{ metadata: { topic: 'tea', audience: 'children' } }, { repetitions: 2, metadata: { topic: 'rivers', audience: 'adults' } }];

const files = pipelineFixture('template-tests');

/** Position just after the `nth` occurrence of `needle` in the document. */
function pastText(doc: vscode.TextDocument, needle: string, nth = 1): vscode.Position {
  let at = -1;
  for (let i = 0; i < nth; i++) at = doc.getText().indexOf(needle, at + 1);
  assert.ok(at >= 0, `"${needle}" is in the document`);
  return doc.positionAt(at + needle.length);
}

function templateProblems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.code === 'template-undefined-variable');
}

async function hoverText(uri: vscode.Uri, position: vscode.Position, name: string): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  const ours = texts.find((t) => t.startsWith(`**${name}**`));
  assert.ok(ours, `a hover on ${name}: ${JSON.stringify(texts)}`);
  // MarkdownString.appendText escapes Markdown punctuation and spaces; the assertions read the text as shown.
  return ours.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

describe('Templates in the text editor', function () {
  this.timeout(60_000);
  let pipeline: vscode.Uri;
  let seeds: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    await extensionApi();
    pipeline = await files.write('tpl.dgf.json', PIPELINE);
    seeds = await files.write('tpl-seeds.json', `${JSON.stringify(SEEDS, null, 2)}\n`);
    doc = await vscode.workspace.openTextDocument(pipeline);
    await vscode.window.showTextDocument(doc);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags nothing as undefined before a seed file is chosen, and completes with the expected seed fields', async () => {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', pipeline, pastText(doc, 'Ask about {{ '));
    const topic = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'topic');
    assert.equal(topic?.detail, 'seed field · expected (no seed file read)');
    assert.deepEqual(templateProblems(pipeline), []);
  });

  it('Choose Seed File for Pipeline makes completion offer the seed file fields and earlier outputs, with their origin', async () => {
    await vscode.commands.executeCommand('datagenflow.chooseSeedFile', pipeline, seeds);
    // Inside the answer's prompt, written in the file as "Line one\n\"Quoted\" {{ asistant }}…".
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', pipeline, pastText(doc, 'Quoted\\" {{ '));
    const details = new Map(list.items.map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i.detail]));
    assert.equal(details.get('topic'), 'seed field · template-tests/tpl-seeds.json');
    assert.equal(details.get('audience'), 'seed field · template-tests/tpl-seeds.json');
    assert.equal(details.get('assistant'), 'output of block "question" (TextGenerator)');
    assert.equal(details.get('range'), 'Nunjucks built-in');
    // Inserting replaces the partial name before the cursor; replacing, the whole name around it.
    const partial = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', pipeline, pastText(doc, 'Quoted\\" {{ asi'));
    const item = partial.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'assistant');
    const range = item?.range;
    assert.ok(range && !(range instanceof vscode.Range), 'an insert and a replace range');
    assert.equal(doc.getText(range.inserting), 'asi');
    assert.equal(doc.getText(range.replacing), 'asistant');
    // Outside {{ }} it offers none of them.
    const outside = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', pipeline, pastText(doc, 'Line one'));
    assert.ok(!outside.items.some((i) => i.detail === 'output of block "question" (TextGenerator)'));
  });

  it('hover says where a variable comes from, or that it is undefined', async () => {
    assert.equal(await hoverText(pipeline, pastText(doc, '{{ top'), 'topic'), '**topic** — seed field · template-tests/tpl-seeds.json.');
    const undefinedText = await hoverText(pipeline, pastText(doc, '{{ asis'), 'asistant');
    assert.match(undefinedText, /undefined at block "answer": not a field of template-tests\/tpl-seeds\.json nor an output of a block before it/);
    assert.match(undefinedText, /Did you mean 'assistant'\?/);
    assert.match(await hoverText(pipeline, pastText(doc, '{{ may'), 'maybe'), /read with a fallback/);
  });

  it('an undefined variable is an error at its exact range in the Problems panel; a default() read is not', async () => {
    await waitFor(() => templateProblems(pipeline).length > 0, 'the undefined-variable diagnostic');
    const problems = templateProblems(pipeline);
    assert.equal(problems.length, 1, JSON.stringify(problems.map((d) => d.message)));
    assert.equal(problems[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(problems[0].range), 'asistant');
    assert.equal(problems[0].range.start.line, doc.positionAt(doc.getText().indexOf('asistant')).line);
    assert.match(problems[0].message, /^Block "answer" \(TextGenerator\), config "user_prompt": undefined variable 'asistant'/);
    assert.equal(vscode.languages.getDiagnostics(pipeline).filter((d) => d.message.includes('asistant')).length, 1, 'reported once');

    // Fixing the name clears it; a seed file that loses a field brings that one up.
    const edit = new vscode.WorkspaceEdit();
    const start = doc.getText().indexOf('asistant');
    edit.replace(pipeline, new vscode.Range(doc.positionAt(start), doc.positionAt(start + 'asistant'.length)), 'assistant');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => templateProblems(pipeline).length === 0, 'the diagnostic to clear after the fix');
    await vscode.workspace.fs.writeFile(seeds, new TextEncoder().encode(JSON.stringify([{ metadata: { topic: 'tea' } }])));
    await waitFor(() => templateProblems(pipeline).some((d) => doc.getText(d.range) === 'audience'), 'a diagnostic on audience once the seed file lacks it');
  });

  it('Verify Seeds of another seed file makes it the pipeline\'s seed file', async () => {
    const other = await files.write('tpl-other-seeds.json', JSON.stringify([{ metadata: { topic: 'tea', audience: 'all', tone: 'dry' } }]));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('datagenflow.verifySeeds', other);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', pipeline, pastText(doc, 'Ask about {{ '));
    const tone = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'tone');
    assert.equal(tone?.detail, 'seed field · template-tests/tpl-other-seeds.json');
    await waitFor(() => templateProblems(pipeline).length === 0, 'no undefined variable against the new seed file');
  });
});
