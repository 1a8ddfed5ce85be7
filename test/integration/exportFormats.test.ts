import * as assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { DatasetExportResult } from '../../src/core/export/exportDataset';
import type { JobRow } from '../../src/core/store/storeTypes';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, useFakeModel, workspaceUri } from './hostTestKit';
import { generateJob, reviewProtocol } from './reviewJobFixture';

const PIPELINE = 'export-formats.dgf.json';
const SEEDS = 'export-formats-topics.json';

/** qa.dgf.json under another name (this suite writes its mapping into the file), run over two topics × 2. */
async function generate(): Promise<JobRow> {
  const qa = await vscode.workspace.fs.readFile(workspaceUri('qa.dgf.json'));
  await vscode.workspace.fs.writeFile(workspaceUri(PIPELINE), qa);
  return generateJob(PIPELINE, SEEDS, [{ repetitions: 2, metadata: { topic: 'tea' } }, { repetitions: 2, metadata: { topic: 'rivers' } }]);
}

/** The documented chat fine-tuning line: only `messages`; roles system/user/assistant; string content; an assistant turn. */
function fineTuningMessages(line: string): { role: string; content: string }[] {
  const value = JSON.parse(line) as { messages: { role: string; content: string }[] };
  assert.deepEqual(Object.keys(value), ['messages']);
  for (const m of value.messages) {
    assert.deepEqual(Object.keys(m).sort(), ['content', 'role']);
    assert.ok(['system', 'user', 'assistant'].includes(m.role));
    assert.equal(typeof m.content, 'string');
  }
  assert.ok(value.messages.some((m) => m.role === 'assistant'));
  return value.messages;
}

describe('Export formats', () => {
  let server: FakeOpenAiServer;
  before(async () => {
    server = await FakeOpenAiServer.start({ latencyMs: 2 });
    await useFakeModel(server);
  });
  after(async () => {
    server.close();
    (await extensionApi()).review.dialogs.exportUri = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of [PIPELINE, SEEDS, 'exports/export-formats']) await rm(workspaceUri(name).fsPath, { recursive: true, force: true });
  });

  it('the Review export dialog previews a mapping, saves it into the pipeline document and exports chat fine-tuning JSONL and a Hugging Face folder', async () => {
    const api = await extensionApi();
    const job = await generate();
    const call = await reviewProtocol();
    await call('openJob', { jobId: job.id });

    // Nothing mapped yet: guessed from the first record, which has no messages list nor usual names.
    const guessed = await call('exportPreview', { jobId: job.id, format: 'openai_chat', status: 'all', mapping: null });
    assert.equal(guessed.saved, null);
    assert.equal(guessed.pipelinePath, PIPELINE);

    const mapping = { user: '$metadata.topic', assistant: 'assistant', system: 'Answer briefly.' };
    const preview = await call('exportPreview', { jobId: job.id, format: 'openai_chat', status: 'all', mapping });
    assert.equal(preview.lines.length, 3);
    assert.deepEqual(preview.unmapped, []);
    assert.deepEqual(fineTuningMessages(preview.lines[0]).map((m) => m.role), ['system', 'user', 'assistant']);
    assert.equal(fineTuningMessages(preview.lines[0])[1].content, 'tea');

    // Saved through the pipeline's TextDocument, then on disk (the document had no unsaved changes).
    const saved = await call('saveExportMapping', { jobId: job.id, format: 'openai_chat', mapping });
    assert.equal(saved.pipelinePath, PIPELINE);
    const document = await vscode.workspace.openTextDocument(workspaceUri(PIPELINE));
    assert.equal(document.isDirty, false);
    assert.deepEqual((JSON.parse(document.getText()) as { exports: unknown }).exports, { openai_chat: mapping });
    assert.deepEqual((JSON.parse(await readFile(workspaceUri(PIPELINE).fsPath, 'utf8')) as { exports: unknown }).exports, { openai_chat: mapping });
    assert.deepEqual((await call('exportPreview', { jobId: job.id, format: 'openai_chat', status: 'all', mapping: null })).saved, mapping);

    const chat = workspaceUri('exports', 'export-formats', 'chat.jsonl');
    api.review.dialogs.exportUri = () => chat;
    const done = await call('exportDataset', { jobId: job.id, format: 'openai_chat', status: 'all', mapping: null });
    assert.deepEqual(done, { count: 4, path: 'exports/export-formats/chat.jsonl', unmapped: 0 });
    const lines = (await readFile(chat.fsPath, 'utf8')).trimEnd().split('\n');
    assert.deepEqual(lines.map((l) => fineTuningMessages(l)[1].content), ['tea', 'tea', 'rivers', 'rivers']);

    const folder = workspaceUri('exports', 'export-formats', 'dataset');
    api.review.dialogs.exportUri = () => folder;
    const hf = await call('exportDataset', { jobId: job.id, format: 'huggingface', status: 'all', mapping: { columns: { topic: '$metadata.topic', answer: 'assistant' }, splits: { train: 0.5, validation: 0, test: 0.5 }, seed: 3, license: 'mit' } });
    assert.deepEqual(hf, { count: 4, path: 'exports/export-formats/dataset', unmapped: 0 });
    assert.deepEqual((await readdir(folder.fsPath)).sort(), ['README.md', 'data']);
    assert.deepEqual((await readdir(workspaceUri('exports', 'export-formats', 'dataset', 'data').fsPath)).sort(), ['test-00000-of-00001.parquet', 'train-00000-of-00001.parquet']);
    const card = await readFile(workspaceUri('exports', 'export-formats', 'dataset', 'README.md').fsPath, 'utf8');
    assert.match(card, /^---\nlicense: "mit"\n/);
    assert.match(card, /num_examples: 2\n/);
    assert.match(card, /\ndatagenflow:\n {2}job: \d+\n/);
  });

  it('DataGenFlow: Export Dataset As… exports from the Jobs view command and reports the records it cannot map', async () => {
    const job = (await (await extensionApi()).services.store.get()).store.listJobs().find((j) => j.pipelinePath === PIPELINE);
    assert.ok(job, 'the job of the first test');
    const target = workspaceUri('exports', 'export-formats', 'alpaca.jsonl');
    const result = await vscode.commands.executeCommand<DatasetExportResult | undefined>('datagenflow.exportDataset', job.id, {
      format: 'alpaca',
      status: 'all',
      uri: target,
      mappings: { alpaca: { instruction: '$metadata.topic', output: 'no_such_field' } },
    });
    assert.ok(result);
    assert.equal(result.count, 0);
    assert.equal(result.unmappedCount, 4);
    assert.match(result.unmapped[0].reason, /`no_such_field` is missing, not text/);
    assert.equal(await readFile(target.fsPath, 'utf8'), '');

    const hfTarget = workspaceUri('exports', 'export-formats', 'from-command');
    const hf = await vscode.commands.executeCommand<DatasetExportResult | undefined>('datagenflow.exportDataset', job.id, { format: 'huggingface', status: 'all', uri: hfTarget });
    assert.equal(hf?.count, 4);
    assert.deepEqual(hf?.splits, { train: 4, validation: 0, test: 0 });
  });
});
