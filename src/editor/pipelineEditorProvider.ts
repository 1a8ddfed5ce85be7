import * as vscode from 'vscode';
import { readSettings } from '../host/hostSettings';
import type { RpcHost } from '../host/rpcHost';
import type { Services } from '../host/services';
import { connectWebview, loadWebviewApp, reloadWhenSilent } from '../host/webviewSetup';
import type { EditorEvents, EditorMethods, EditorSnapshot } from '../shared/editorProtocol';
import { buildCatalogue } from './editorCatalogue';
import { describeEditorError, editorHandlers, type EditorDocument } from './editorHandlers';
import { buildSnapshot } from './editorSnapshot';
import { EditorSessions, type EditorSession } from './editorSessions';

export const PIPELINE_EDITOR_VIEW_TYPE = 'datagenflow.pipelineEditor';

/**
 * The canvas for *.dgf.json. The TextDocument is the truth: canvas actions arrive as semantic edits and are applied
 * as WorkspaceEdits (so undo, dirty state, save and hot exit are VS Code's); every change of the document, from any
 * source, goes back to every canvas of the file as a snapshot tagged with the document version.
 */
export class PipelineEditorProvider implements vscode.CustomTextEditorProvider {
  readonly sessions = new EditorSessions();

  constructor(private readonly services: Services) {}

  static register(services: Services): { provider: PipelineEditorProvider; disposable: vscode.Disposable } {
    const provider = new PipelineEditorProvider(services);
    const disposable = vscode.window.registerCustomEditorProvider(PIPELINE_EDITOR_VIEW_TYPE, provider, { supportsMultipleEditorsPerDocument: true });
    return { provider, disposable };
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const { services } = this;
    const fileName = document.uri.path.split('/').pop() ?? document.uri.path;

    const doc: EditorDocument = {
      text: () => document.getText(),
      version: () => document.version,
      apply: (change) => {
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
        return Promise.resolve(vscode.workspace.applyEdit(edit));
      },
    };
    const session: EditorSession = { uri: document.uri, snapshots: [], rendered: [], request: undefined as never, onRendered: new vscode.EventEmitter<{ version: number; nodes: number }>(), trace: [] };
    const note = (event: string) => {
      session.trace.push(`${new Date().toISOString().slice(11, 23)} ${event}`);
      if (session.trace.length > 100) session.trace.shift();
    };
    note(`resolve v${document.version}, visible ${panel.visible}`);
    const catalogue = () => {
      const settings = readSettings(document.uri);
      return buildCatalogue(services.registry(), { llm: settings.models.map((m) => m.name), embedding: settings.embeddingModels.map((m) => m.name) }, vscode.workspace.isTrusted);
    };
    const handlers = editorHandlers(doc, {
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
      rendered: (version, nodes) => {
        note(`rendered v${version} (${nodes} nodes)`);
        session.rendered.push({ version, nodes });
        session.onRendered.fire({ version, nodes });
      },
    });
    // Set right below: the handlers close over it before the connection exists.
    const ref: { host?: RpcHost<EditorMethods, EditorEvents> } = {};
    const pushSnapshot = () => {
      // A webview that is hidden or still loading gets the current snapshot when it says ready: building (and
      // queueing) one per keystroke meanwhile would be work thrown away.
      if (!ref.host?.isReady) return note(`snapshot v${document.version} deferred until ready`);
      const snapshot: EditorSnapshot = buildSnapshot(document.getText(), document.version, fileName, services.registry());
      session.snapshots.push(snapshot);
      if (session.snapshots.length > 50) session.snapshots.splice(0, session.snapshots.length - 50);
      note(`snapshot v${snapshot.version}`);
      ref.host.emit('snapshot', snapshot);
    };
    // Blocks, model names and trust change rarely: the catalogue is rebuilt then, never per document change.
    const refreshCatalogue = () => {
      if (ref.host?.isReady) ref.host.emit('catalogue', catalogue());
    };
    const connection = connectWebview<EditorMethods, EditorEvents>(panel, handlers, services.log, {
      describeError: describeEditorError,
      // Also after the webview was reloaded (it is not kept alive while hidden): start it from the current document.
      onReady: () => {
        note('ready');
        refreshCatalogue();
        pushSnapshot();
      },
    });
    ref.host = connection.host;
    // Loaded only now that the message listener exists, so the webview's `ready` cannot arrive before it.
    loadWebviewApp(panel.webview, services.context.extensionUri, 'editor', fileName, { fileName });
    session.request = (method, params) => {
      const handler = handlers[method];
      return Promise.resolve(handler.handle(handler.parse(params) as never));
    };
    const unregister = this.sessions.add(session);

    const watchdog = reloadWhenSilent(panel, () => ref.host?.isReady ?? false, () => {
      note('no ready in time: loading the webview again');
      services.log.warn(`The pipeline editor of ${fileName} did not start; loading it again.`);
      loadWebviewApp(panel.webview, services.context.extensionUri, 'editor', fileName, { fileName });
    });

    const subscriptions = [
      connection.disposable,
      session.onRendered,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== document.uri.toString() || e.contentChanges.length === 0) return;
        pushSnapshot();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('datagenflow.models') || e.affectsConfiguration('datagenflow.embeddingModels')) refreshCatalogue();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => refreshCatalogue()),
      services.onDidChangeRegistry(() => {
        refreshCatalogue();
        // Which fields a custom block reads or writes may have changed too.
        pushSnapshot();
      }),
      // Back from hidden, the new webview gets the catalogue and the snapshot when it says ready.
      panel.onDidChangeViewState(() => note(`view state: visible ${panel.visible}, active ${panel.active}`)),
    ];
    panel.onDidDispose(() => {
      watchdog.dispose();
      unregister();
      subscriptions.forEach((s) => s.dispose());
    });
  }
}
