import * as vscode from 'vscode';
import { readSettings } from '../host/hostSettings';
import type { RpcHandlers } from '../host/rpcHost';
import type { Services } from '../host/services';
import type { WebviewController } from '../host/webviewController';
import { openWebviewApp } from '../host/webviewSetup';
import type { EditorBoot, EditorEvents, EditorMethods, EditorSnapshot, EditorTestMethods } from '../shared/editorProtocol';
import type { MethodName, ParamsOf, ResultOf } from '../shared/rpc';
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

  /** The canvas of `uri` (the last one opened when the file has several). */
  static forUri(uri: vscode.Uri): PipelineCanvas | undefined {
    return [...openCanvases].reverse().find((c) => c.uri.toString() === uri.toString());
  }

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly probe?: EditorProbe,
  ) {
    this.fileName = document.uri.path.split('/').pop() ?? document.uri.path;
    probe?.note(`resolve v${document.version}, visible ${panel.visible}`);
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
        if (this.pendingSelect !== undefined) this.selectBlock(this.pendingSelect);
      },
      onVisible: () => probe?.note('visible'),
      onHidden: () => probe?.note('hidden'),
    });
    openCanvases.add(this);
    this.view.track(
      { dispose: () => openCanvases.delete(this) },
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === document.uri.toString() && e.contentChanges.length > 0) this.pushSnapshot();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datagenflow.models') || e.affectsConfiguration('datagenflow.embeddingModels')) this.refreshCatalogue();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshCatalogue()),
      services.onDidChangeRegistry(() => {
        this.refreshCatalogue();
        // Which fields a custom block reads or writes may have changed too.
        this.pushSnapshot();
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
      revealInText: async (line, column) => {
        const at = new vscode.Position(line - 1, column - 1);
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, selection: new vscode.Range(at, at) });
      },
    };
  }
}
