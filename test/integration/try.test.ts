import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TryRecord } from '../../src/core/try/tryTypes';
import type { TryEvents } from '../../src/shared/tryProtocol';
import { FakeOpenAiServer } from '../fixtures/fakeOpenAiServer';
import { extensionApi, useFakeModel, waitFor, workspaceUri } from './hostTestKit';
import { pipelineFixture, questionAnswerPipeline } from './pipelineFixture';

const PIPELINE = questionAnswerPipeline('Try test', { user_prompt: 'Ask about {{ topic }}.' }, { user_prompt: 'Answer:\n{{ assistant }}' });
const SEEDS = `[
  { "metadata": { "topic": "tea" } },
  { "metadata": { "topic": "rivers" } }
]
`;

interface TrySuite {
  readonly pipeline: vscode.Uri;
  readonly seeds: vscode.Uri;
  readonly server: FakeOpenAiServer;
}

/**
 * What each suite here sets up: a fake model that answers every prompt with "answer to <prompt>" (the workspace's
 * model settings restored after), and its pipeline with its seed file written into a folder of its own.
 */
function trySuite(folderName: string, pipelineFile: { name: string; text: string }, seedFile: { name: string; text: string }): TrySuite {
  const files = pipelineFixture(folderName);
  const config = () => vscode.workspace.getConfiguration('datagenflow');
  let previousModels: unknown;
  let previousDefault: unknown;
  let ready: TrySuite | undefined;

  before(async () => {
    await extensionApi();
    const server = await FakeOpenAiServer.start({ reply: (req) => `answer to ${req.messages.at(-1)?.content.replace(/\s+/g, ' ')}` });
    previousModels = config().inspect('models')?.workspaceValue;
    previousDefault = config().inspect('defaultModel')?.workspaceValue;
    await useFakeModel(server);
    ready = { server, ...(await files.writePipeline(pipelineFile, seedFile)) };
  });

  after(async () => {
    await ready?.server.close();
    await config().update('models', previousModels, vscode.ConfigurationTarget.Workspace);
    await config().update('defaultModel', previousDefault, vscode.ConfigurationTarget.Workspace);
    await files.remove();
  });

  const get = (): TrySuite => {
    assert.ok(ready, "set up in the suite's before hook");
    return ready;
  };
  return {
    get pipeline() {
      return get().pipeline;
    },
    get seeds() {
      return get().seeds;
    },
    get server() {
      return get().server;
    },
  };
}

/** Shows the seed file in an editor and waits until it has `count` CodeLenses. */
async function shownLenses(seeds: vscode.Uri, count: number, what: string): Promise<vscode.CodeLens[]> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(seeds));
  let lenses: vscode.CodeLens[] = [];
  await waitFor(async () => {
    lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', seeds)) ?? [];
    return lenses.length === count;
  }, what);
  return lenses;
}

describe('Try a seed', function () {
  this.timeout(90_000);
  const suite = trySuite('try-tests', { name: 'try.dgf.json', text: PIPELINE }, { name: 'try-seeds.json', text: SEEDS });

  it('puts ▶ Try · Preview above each seed of the pipeline\'s seed file', async () => {
    const lenses = await shownLenses(suite.seeds, 4, 'the seed file has a Try and a Preview lens per seed');
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [1, '▶ Try', 'datagenflow.trySeed'],
        [1, 'Preview', 'datagenflow.previewPrompts'],
        [2, '▶ Try', 'datagenflow.trySeed'],
        [2, 'Preview', 'datagenflow.previewPrompts'],
      ],
    );
    const args = lenses[2].command?.arguments ?? [];
    assert.equal((args[0] as vscode.Uri).toString(), suite.pipeline.toString(), 'the pipeline whose seed file this is');
    assert.equal(args[1], 1);
    assert.equal((lenses[3].command?.arguments?.[0] as vscode.Uri).toString(), suite.pipeline.toString());
    assert.equal(lenses[3].command?.arguments?.[2], 1);
  });

  it("Try from the lens runs that seed against the server, streams each block to the panel (the first block's output first), keeps the try and makes no job", async () => {
    const api = await extensionApi();
    const store = (await api.services.store.get()).store;
    const jobsBefore = store.listJobs().length;
    api.tries.pushed.length = 0;
    suite.server.resetCounters();
    const lens = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', suite.seeds)) ?? []).find((l) => l.range.start.line === 2 && l.command?.title === '▶ Try');
    assert.ok(lens?.command);
    const record = await vscode.commands.executeCommand<TryRecord>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.ok(record, 'the command resolves with the try');
    assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
    assert.equal(record.seedLabel, 'Seed 2');
    assert.equal(suite.server.counters.chat, 2);
    assert.equal(record.blocks[0].output?.assistant, 'answer to Ask about rivers.');
    assert.equal(record.output?.assistant, 'answer to Answer: answer to Ask about rivers.');
    assert.ok(record.blocks.every((b) => b.usage && b.usage.input_tokens > 0 && b.durationMs >= 0));

    // The Try panel is open on the pipeline and was sent each block as it finished, the first before the second started.
    assert.ok(api.tries.panels.current, 'the Try panel is open');
    const steps = api.tries.pushed.map(({ event, payload }) => stepName(event, payload));
    assert.deepEqual(steps, ['tryStarted', 'blockStarted question', 'blockDone question', 'blockStarted answer', 'blockDone answer', 'tryFinished']);
    const first = api.tries.pushed.find((p) => p.event === 'blockDone');
    assert.equal((first?.payload as TryEvents['blockDone']).block.output?.assistant, 'answer to Ask about rivers.');

    // Kept per pipeline (the panel and Preview read it), never as a job.
    assert.equal(store.listJobs().length, jobsBefore, 'a try is not a job');
    const kept = await api.tries.service.tries(suite.pipeline);
    assert.equal(kept[0].id, record.id);
    const files = await vscode.workspace.fs.readDirectory(workspaceUri('.datagenflow', 'tries'));
    assert.ok(files.length >= 1);
  });

  it('the serializer restores the Try panel after a reload: the pipeline it showed and its last tries', async () => {
    const api = await extensionApi();
    const kept = await api.tries.service.tries(suite.pipeline);
    assert.ok(kept.length >= 1, 'an earlier test kept a try');
    api.tries.panels.current?.dispose();
    api.tries.states.length = 0;
    // What the workbench does on reload: a panel of the view type handed to the serializer with the saved view state.
    const panel = vscode.window.createWebviewPanel('datagenflow.try', 'DataGenFlow Try', vscode.ViewColumn.One, { enableScripts: true });
    await api.tries.serializer.deserializeWebviewPanel(panel, { pipeline: vscode.workspace.asRelativePath(suite.pipeline, false) });
    const revived = api.tries.panels.current;
    assert.equal(revived?.panel, panel);
    assert.equal(revived?.shownPipeline.toString(), suite.pipeline.toString());
    assert.equal(panel.title, 'Try: try-tests/try.dgf.json');
    await waitFor(() => api.tries.states.length > 0, 'the revived webview to ask for its tries');
    const shown = api.tries.states[0];
    assert.equal(shown.pipeline, 'try-tests/try.dgf.json');
    assert.deepEqual(shown.tries.map((t) => t.id), kept.map((t) => t.id));
    // A later try goes to the revived panel (seed 2 again: its answers are stored, so it sends nothing).
    api.tries.pushed.length = 0;
    const again = await vscode.commands.executeCommand<TryRecord>('datagenflow.trySeed', suite.pipeline, 1);
    assert.equal(again.status, 'succeeded');
    assert.equal(api.tries.panels.current?.panel, panel);
    assert.ok(api.tries.pushed.some((p) => p.event === 'tryFinished'));

    // A saved state without a pipeline has nothing to show: the panel closes.
    const empty = vscode.window.createWebviewPanel('datagenflow.try', 'DataGenFlow Try', vscode.ViewColumn.One, { enableScripts: true });
    let closed = false;
    empty.onDidDispose(() => (closed = true));
    await api.tries.serializer.deserializeWebviewPanel(empty, undefined);
    assert.equal(closed, true);
    assert.equal(api.tries.panels.current?.panel, panel, 'the restored panel stays');
    panel.dispose();
  });

  it('a try runs the unsaved text; an error points at its block, config field and template line', async () => {
    const api = await extensionApi();
    const doc = await vscode.workspace.openTextDocument(suite.pipeline);
    await vscode.window.showTextDocument(doc);
    const from = doc.getText().indexOf('{{ assistant }}');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(suite.pipeline, new vscode.Range(doc.positionAt(from), doc.positionAt(from + '{{ assistant }}'.length)), '{{ asistant }}');
    assert.ok(await vscode.workspace.applyEdit(edit));
    api.tries.pushed.length = 0;
    suite.server.resetCounters();
    const record = await vscode.commands.executeCommand<TryRecord>('datagenflow.trySeed', suite.pipeline, 0);
    assert.equal(record.status, 'failed');
    assert.equal(record.error?.blockId, 'answer');
    assert.equal(record.error?.field, 'user_prompt');
    assert.equal(record.error?.line, 2);
    assert.equal(record.error?.variable, 'asistant');
    assert.equal(suite.server.counters.chat, 1, 'the failing block sent nothing');
    const failed = api.tries.pushed.find((p) => p.event === 'blockDone' && (p.payload as TryEvents['blockDone']).block.blockId === 'answer');
    assert.equal((failed?.payload as TryEvents['blockDone']).block.error?.line, 2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.isDirty, false);
  });
});

function stepName(event: keyof TryEvents, payload: TryEvents[keyof TryEvents]): string {
  if (event === 'blockStarted') return `blockStarted ${(payload as TryEvents['blockStarted']).blockId}`;
  if (event === 'blockDone') return `blockDone ${(payload as TryEvents['blockDone']).block.blockId}`;
  return event;
}

describe('Try a chunk of a Markdown seed', function () {
  this.timeout(90_000);
  const CHUNKED = `${JSON.stringify(
    {
      version: 1,
      name: 'Markdown try test',
      blocks: [
        { id: 'chunks', type: 'MarkdownMultiplierBlock', config: { parser_type: 'markdown', chunk_size: 80, chunk_overlap: 0 }, position: { x: 0, y: 100 } },
        { id: 'ask', type: 'TextGenerator', config: { user_prompt: 'Ask about:\n{{ chunk_text }}' }, position: { x: 0, y: 250 } },
      ],
      edges: [
        { source: 'start', target: 'chunks' },
        { source: 'chunks', target: 'ask' },
        { source: 'ask', target: 'end' },
      ],
    },
    null,
    2,
  )}\n`;
  // Three sections, each shorter than a chunk; the `#` line inside the fenced code is not a heading.
  const DOC = ['# Tides', 'The Moon pulls the sea.', '', '## Springs', 'Sun and Moon in line.', '', '```sh', '# not a heading', '```', '', '## Neaps', 'At right angles, small tides.', ''].join('\n');
  const suite = trySuite('try-md-tests', { name: 'chunked.dgf.json', text: CHUNKED }, { name: 'notes.md', text: DOC });

  it('shows ▶ Try · Preview above each chunk heading of the pipeline\'s Markdown seed, and Try runs the chunk under that heading', async () => {
    const api = await extensionApi();
    const lenses = await shownLenses(suite.seeds, 6, 'a Try and a Preview lens above each of the three headings');
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [0, '▶ Try', 'datagenflow.trySeed'],
        [0, 'Preview', 'datagenflow.previewPrompts'],
        [3, '▶ Try', 'datagenflow.trySeed'],
        [3, 'Preview', 'datagenflow.previewPrompts'],
        [10, '▶ Try', 'datagenflow.trySeed'],
        [10, 'Preview', 'datagenflow.previewPrompts'],
      ],
    );
    const neaps = lenses[4].command;
    assert.ok(neaps);
    assert.equal((neaps.arguments?.[0] as vscode.Uri).toString(), suite.pipeline.toString(), 'the pipeline whose seed file this is');
    assert.deepEqual(neaps.arguments?.[2], { containing: '## Neaps' });

    const jobsBefore = (await api.services.store.get()).store.listJobs().length;
    suite.server.resetCounters();
    const record = await vscode.commands.executeCommand<TryRecord>(neaps.command, ...(neaps.arguments ?? []));
    assert.equal(record.status, 'succeeded', JSON.stringify(record.error));
    assert.equal(record.chunkIndex, 2);
    assert.equal(record.seedLabel, 'Seed 1, chunk 3');
    assert.deepEqual(record.blocks.map((b) => b.blockId), ['chunks', 'ask']);
    assert.equal(record.blocks[0].output?.chunks, 3);
    assert.equal(suite.server.counters.chat, 1, 'one call: the chunk tried, not the document');
    assert.match(suite.server.counters.lastChat?.messages.at(-1)?.content ?? '', /^Ask about:\n## Neaps\nAt right angles, small tides\./);
    assert.match(String(record.output?.assistant), /^answer to Ask about: ## Neaps At right angles, small tides\./);
    assert.equal((await api.services.store.get()).store.listJobs().length, jobsBefore, 'a try is not a job');
    assert.equal((await api.tries.service.tries(suite.pipeline))[0].id, record.id, 'kept with the pipeline\'s tries');
  });
});
