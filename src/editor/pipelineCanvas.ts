import * as vscode from 'vscode';
import { readSettings } from '../host/hostSettings';
import { associatedSeedFile, associatedSeedPath, onDidChangeSeedAssociation } from '../host/seedAssociation';
import type { RpcHandlers } from '../host/rpcHost';
import type { Services } from '../host/services';
import type { WebviewController } from '../host/webviewController';
import { openWebviewApp } from '../host/webviewSetup';
import type { EditorBoot, EditorEvents, EditorMethods, EditorSnapshot, EditorTestMethods } from '../shared/editorProtocol';
import type { MethodName, ParamsOf, ResultOf } from '../shared/rpc';
import { onDidChangeTryResults, tryResultsOf } from '../try/tryResultsHub';
import { canvasFields } from './canvasFields';
import { CanvasPlan } from './canvasPlan';
import { canvasPlanner } from './canvasPlanner';
import type { CanvasSeedFiles } from './canvasSeedFiles';
import { buildCatalogue } from './editorCatalogue';
import { describeEditorError, editorHandlers, type EditorActions, type EditorDocument } from './editorHandlers';
import { buildSnapshot } from './editorSnapshot';

/** What a canvas reports as it goes, for tests (ExtensionMode.Test only: a production canvas has none). */
export interface EditorProbe {
  note(event: string): void;
  posted(snapshot: EditorSnapshot): void;
  /** The test-only requests the canvas answers too (its webview sends them when the boot data asks). */
  readonly handlers: RpcHandlers<EditorTestMethods>;
}

/** The canvases open in the window, so a command can select a block on one (trace → source). */
const openCanvases = new Set<PipelineCanvas>();

/**
 * One canvas of a *.dgf.json file. The TextDocument is the truth: canvas actions arrive as semantic edits and are
 * applied as WorkspaceEdits (so undo, dirty state, save and hot exit are VS Code's); every change of the document,
 * from any source, goes to the canvas as a snapshot tagged with the document version.
 */
export class PipelineCanvas {
  private readonly view: WebviewController<EditorMethods, EditorEvents>;
  private readonly fileName: string;
  /** A block to select once the webview is ready (it may still be loading when asked). */
  private pendingSelect: string | undefined;
  /** The header's plan over the seed file, recomputed off the keystroke path. */
  private readonly plan: CanvasPlan;
  /** Tells the newest field computation from older ones still waiting for the seed file's fields. */
  private fieldsGeneration = 0;

  /** The canvas of `uri` (the last one opened when the file has several). */
  static forUri(uri: vscode.Uri): PipelineCanvas | undefined {
    return [...openCanvases].reverse().find((c) => c.uri.toString() === uri.toString());
  }

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly seedFiles: CanvasSeedFiles,
    private readonly probe?: EditorProbe,
  ) {
    this.fileName = document.uri.path.split('/').pop() ?? document.uri.path;
    probe?.note(`resolve v${document.version}, visible ${panel.visible}`);
    this.plan = new CanvasPlan({
      target: () => ({ seedFile: associatedSeedPath(services.context.workspaceState, document.uri) }),
      planner: canvasPlanner(document, services, seedFiles),
      active: () => this.view?.isReady === true,
      post: (plan) => {
        if (!this.view.isReady) return;
        probe?.note(`plan ${plan.state}${plan.state === 'ready' ? `: ${plan.summary}` : plan.state === 'unavailable' ? `: ${plan.reason}` : ''}`);
        this.view.emit('plan', plan);
      },
    });
    const handlers = editorHandlers(this.textDocument(), this.actions());
    const boot: EditorBoot = { fileName: this.fileName, ...(probe ? { reportRendered: true } : {}) };
    this.view = openWebviewApp<EditorMethods, EditorEvents>(panel, services, {
      app: 'editor',
      title: this.fileName,
      boot,
      handlers: probe ? { ...handlers, ...probe.handlers } : handlers,
      describeError: describeEditorError,
      // Also after the webview was reloaded (it is not kept alive while hidden): start it from the current document.
      onReady: () => {
        probe?.note('ready');
        this.refreshCatalogue();
        this.pushSnapshot();
        this.pushSeedFile();
        void this.plan.now();
        void this.pushTryResults();
        if (this.pendingSelect !== undefined) this.selectBlock(this.pendingSelect);
      },
      onVisible: () => probe?.note('visible'),
      onHidden: () => probe?.note('hidden'),
    });
    openCanvases.add(this);
    this.view.track(
      { dispose: () => openCanvases.delete(this) },
      { dispose: () => this.plan.dispose() },
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== document.uri.toString() || e.contentChanges.length === 0) return;
        this.pushSnapshot();
        this.plan.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datagenflow.models') || e.affectsConfiguration('datagenflow.embeddingModels')) this.refreshCatalogue();
        // Prices, concurrency and render limits change the plan.
        if (e.affectsConfiguration('datagenflow', document.uri)) this.plan.schedule();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.refreshCatalogue();
        void this.plan.now();
      }),
      services.onDidChangeRegistry(() => {
        this.refreshCatalogue();
        // Which fields a custom block reads or writes may have changed too.
        this.pushSnapshot();
        this.plan.schedule();
      }),
      onDidChangeTryResults((pipeline) => {
        if (pipeline.toString() === document.uri.toString()) void this.pushTryResults();
      }),
      onDidChangeSeedAssociation((pipeline) => {
        if (pipeline.toString() !== document.uri.toString()) return;
        this.pushSeedFile();
        void this.plan.now();
      }),
      seedFiles.onDidChange((uri) => {
        const seeds = associatedSeedFile(services.context.workspaceState, document.uri)?.toString();
        if (seeds === undefined || (uri.toString() !== seeds && !uri.toString().startsWith(`${seeds}/`))) return;
        void this.pushFields();
        this.plan.schedule();
      }),
    );
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  /** Runs a protocol request as if the webview had sent it. */
  request<K extends MethodName<EditorMethods>>(method: K, params: ParamsOf<EditorMethods, K>): Promise<ResultOf<EditorMethods, K>> {
    return this.view.request(method, params);
  }

  /** Selects a block on the canvas and opens its config, now or once the webview is ready. */
  selectBlock(blockId: string): void {
    this.probe?.note(`select ${blockId}`);
    if (!this.view.isReady) {
      this.pendingSelect = blockId;
      return;
    }
    this.pendingSelect = undefined;
    this.view.emit('selectBlock', { blockId });
  }

  /** Disposed with the panel. */
  track(disposable: vscode.Disposable): void {
    this.view.track(disposable);
  }

  private pushSnapshot(): void {
    // A webview that is hidden or still loading gets the current snapshot when it says ready: building (and
    // holding) one per keystroke meanwhile would be work thrown away.
    if (!this.view.isReady) return this.probe?.note(`snapshot v${this.document.version} deferred until ready`);
    const snapshot = buildSnapshot(this.document.getText(), this.document.version, this.fileName, this.services.registry());
    this.probe?.posted(snapshot);
    this.view.emit('snapshot', snapshot);
    void this.pushFields();
  }

  /** The seed file's name for the header (and the fields it gives the templates). */
  private pushSeedFile(): void {
    if (!this.view.isReady) return;
    const path = associatedSeedPath(this.services.context.workspaceState, this.document.uri);
    this.probe?.note(`seedFile ${path ?? '(none)'}`);
    this.view.emit('seedFile', path === undefined ? {} : { path });
    void this.pushFields();
  }

  /** The last try's output, duration and tokens on the nodes. */
  private async pushTryResults(): Promise<void> {
    const results = await tryResultsOf(this.document.uri);
    if (results && this.view.isReady) this.view.emit('tryResults', results);
  }

  /** The fields at each block for completion in prompt fields: after the seed file's field names are read. */
  private async pushFields(): Promise<void> {
    const generation = ++this.fieldsGeneration;
    const seedUri = associatedSeedFile(this.services.context.workspaceState, this.document.uri);
    const seeds = seedUri ? await this.seedFiles.fields.fieldsFor(seedUri) : undefined;
    if (generation !== this.fieldsGeneration || !this.view.isReady) return;
    const fields = canvasFields(this.document.getText(), this.document.version, this.services.registry(), seeds);
    if (!fields) return;
    this.probe?.note(`fields v${fields.version}: ${Object.entries(fields.blocks).map(([id, f]) => `${id}[${f.map((x) => `${x.name} (${x.origin})`).join(', ')}]`).join(' ')}`);
    this.view.emit('fields', fields);
  }

  /** Blocks, model names and trust change rarely: the catalogue is rebuilt then, never per document change. */
  private refreshCatalogue(): void {
    if (!this.view.isReady) return;
    const settings = readSettings(this.document.uri);
    const models = { llm: settings.models.map((m) => m.name), embedding: settings.embeddingModels.map((m) => m.name) };
    this.view.emit('catalogue', buildCatalogue(this.services.registry(), models, vscode.workspace.isTrusted));
  }

  private textDocument(): EditorDocument {
    const document = this.document;
    return {
      text: () => document.getText(),
      version: () => document.version,
      apply: (change) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
        return Promise.resolve(vscode.workspace.applyEdit(edit));
      },
    };
  }

  private actions(): EditorActions {
    const { document, panel, services } = this;
    return {
      registry: () => services.registry(),
      generate: async () => {
        await vscode.commands.executeCommand('datagenflow.generate', document.uri);
      },
      reopenAsText: async () => {
        await vscode.commands.executeCommand('vscode.openWith', document.uri, 'default', panel.viewColumn);
      },
      chooseSeedFile: async () => {
        await vscode.commands.executeCommand('datagenflow.chooseSeedFile', document.uri);
      },
      trySeed: async () => {
        await vscode.commands.executeCommand('datagenflow.trySeed', document.uri);
      },
      revealInText: async (line, column) => {
        const at = new vscode.Position(line - 1, column - 1);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(at, at) });
      },
    };
  }
}
