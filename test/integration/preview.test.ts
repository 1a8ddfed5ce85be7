import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RpcHost } from '../../src/host/rpcHost';
import type { HostToWebview } from '../../src/shared/rpc';
import type { ReviewEvents, ReviewMethods } from '../../src/shared/reviewProtocol';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, useFakeModel, waitFor, workspaceUri } from './hostTestKit';
import { pipelineFixture, questionAnswerPipeline } from './pipelineFixture';

const PIPELINE = questionAnswerPipeline(
  'Preview test',
  { system_prompt: 'You ask about {{ topic }}.', user_prompt: 'Ask one question for {{ audience }}.', max_tokens: 64 },
  { user_prompt: 'Answer for {{ audience }}:\n{{ assistant }}' },
);
const SEEDS = [{ metadata: { topic: 'tea', audience: 'children' } }, { metadata: { topic: 'rivers', audience: 'adults' } }];
const files = pipelineFixture('preview-tests');

describe('Preview prompts and trace → source', function () {
  this.timeout(90_000);
  let pipeline: vscode.Uri;
  let server: FakeOpenAiServer | undefined;

  before(async () => {
    await extensionApi();
    ({ pipeline } = await files.writePipeline({ name: 'preview.dgf.json', text: PIPELINE }, { name: 'preview-seeds.json', text: `${JSON.stringify(SEEDS, null, 2)}\n` }));
  });

  after(async () => {
    server?.close();
    await files.remove();
  });

  it('opens the rendered prompts of a block for a seed beside the editor and follows edits of the prompt', async () => {
    const doc = await vscode.workspace.openTextDocument(pipeline);
    await vscode.window.showTextDocument(doc);
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('datagenflow.previewPrompts', pipeline, 'answer', 1);
    assert.ok(preview, 'the command returns the preview document');
    assert.equal(preview.uri.scheme, 'datagenflow-preview');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === preview), 'the preview is shown');
    const text = preview.getText();
    assert.ok(text.startsWith('Preview · block answer (TextGenerator) · seed 2 of 2: topic: rivers · audience: adults\n'), text);
    assert.ok(text.includes('──── user ────\nAnswer for adults:\n⟨answer from block "question"⟩\n'), text);
    assert.ok(text.includes('question: assistant shown as ⟨answer from block "question"⟩'), text);

    const first = await vscode.commands.executeCommand<vscode.TextDocument>('datagenflow.previewPrompts', pipeline, 'question', 0);
    assert.ok(first.getText().includes('━━━━ Request · model (default) · temperature 0.7 · max_tokens 64\n──── system ────\nYou ask about tea.\n──── user ────\nAsk one question for children.\n'), first.getText());

    // An edit of the prompt in the text editor (unsaved) shows in the preview.
    const at = doc.getText().indexOf('Answer for');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(pipeline, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'Answer for'.length)), 'Reply kindly to');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor(() => preview.getText().includes('──── user ────\nReply kindly to adults:\n'), 'the preview shows the edited prompt');

    // A render error names the template line.
    const broken = new vscode.WorkspaceEdit();
    const from = doc.getText().indexOf('{{ assistant }}');
    broken.replace(pipeline, new vscode.Range(doc.positionAt(from), doc.positionAt(from + '{{ assistant }}'.length)), '{{ asistant }}');
    assert.ok(await vscode.workspace.applyEdit(broken));
    await waitFor(() => preview.getText().includes('✖ Render error (user_prompt · template line 2'), 'the preview shows the render error at its line');
    assert.match(preview.getText(), /undefined variable 'asistant'/);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("an open preview shows a finished try's answer of the earlier block instead of its placeholder", async () => {
    server ??= await FakeOpenAiServer.start({ latencyMs: 5 });
    await useFakeModel(server);
    const preview = await vscode.commands.executeCommand<vscode.TextDocument>('datagenflow.previewPrompts', pipeline, 'answer', 0);
    assert.ok(preview.getText().includes('Answer for children:\n⟨answer from block "question"⟩\n'), preview.getText());
    // A try's end is told once it is kept: whoever follows it (the previews) finds its answers there at once.
    const { tries } = await extensionApi();
    const keptAtFinish: Promise<unknown>[] = [];
    const following = tries.service.onDidUpdate((u) => {
      if (u.event.type === 'finished') keptAtFinish.push(tries.service.previousOutputs(pipeline).lastOutput('question', 0));
    });
    const record = await Promise.resolve(vscode.commands.executeCommand<{ status: string }>('datagenflow.trySeed', pipeline, 0)).finally(() => following.dispose());
    assert.equal(record.status, 'succeeded');
    assert.equal(keptAtFinish.length, 1);
    assert.ok(await keptAtFinish[0], 'the finished try is kept when its end is told');
    // The fake server echoes the prompt it was sent.
    await waitFor(() => preview.getText().includes('Answer for children:\nEcho: Ask one question for children.'), 'the preview to show the try\'s answer');
    assert.ok(!preview.getText().includes('⟨answer from block "question"⟩'), preview.getText());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('goes from a trace entry in the Review panel to the block on the canvas and its template in the text editor', async () => {
    const api = await extensionApi();
    server = await FakeOpenAiServer.start({ latencyMs: 5 });
    await useFakeModel(server);
    const qa = workspaceUri('qa.dgf.json');
    const seeds = await files.write('trace-seeds.json', JSON.stringify([{ metadata: { topic: 'trace' } }]));
    await vscode.commands.executeCommand('datagenflow.generate', qa, seeds);
    const job = (await api.services.store.get()).store.listJobs()[0];
    assert.ok(job && job.seedsPath === 'preview-tests/trace-seeds.json', `the job is stored: ${job?.seedsPath}`);

    const sent: HostToWebview<ReviewEvents>[] = [];
    const host = new RpcHost<ReviewMethods, ReviewEvents>((m) => void sent.push(m), api.review.handlers());
    await host.receive({ kind: 'ready' });
    await host.receive({ kind: 'request', id: 1, method: 'record', params: { jobId: job.id, status: 'pending', offset: 0 } });
    const recordReply = sent.find((m) => m.kind === 'reply' && m.id === 1);
    assert.ok(recordReply?.kind === 'reply' && recordReply.ok);
    const record = (recordReply.result as ReviewMethods['record']['result']).record;
    assert.equal(record?.trace[1]?.blockId, 'answer');

    await host.receive({ kind: 'request', id: 2, method: 'goToSource', params: { jobId: job.id, blockId: 'answer' } });
    const reply = sent.find((m) => m.kind === 'reply' && m.id === 2);
    assert.ok(reply?.kind === 'reply' && reply.ok, `goToSource answered: ${JSON.stringify(reply)}`);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.toString(), qa.toString());
    assert.equal(editor.document.getText(editor.selection), '"Answer briefly: {{ assistant }}"');
    assert.equal(editor.selection.start.line + 1, 18);
    const canvas = api.editors.of(qa)[0];
    assert.ok(canvas, 'the canvas is open');
    await waitFor(() => canvas.trace.some((t) => t.endsWith('select answer')), 'the canvas was asked to select the block');
  });
});
