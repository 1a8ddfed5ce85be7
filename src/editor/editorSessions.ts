import type * as vscode from 'vscode';
import type { EditorMethods, EditorSnapshot } from '../shared/editorProtocol';
import type { MethodName, ParamsOf, ResultOf } from '../shared/rpc';

/** One open canvas: what integration tests see of it through the extension API. */
export interface EditorSession {
  uri: vscode.Uri;
  /** The snapshots posted to the webview (latest last; the last 50). */
  snapshots: EditorSnapshot[];
  /** Versions the webview reported as drawn. */
  rendered: { version: number; nodes: number }[];
  /** Runs a protocol request as if the webview had sent it (params are validated the same way). */
  request<K extends MethodName<EditorMethods>>(method: K, params: ParamsOf<EditorMethods, K>): Promise<ResultOf<EditorMethods, K>>;
  onRendered: vscode.EventEmitter<{ version: number; nodes: number }>;
  /** What happened to the panel, latest last (resolve, ready, hidden/visible, snapshots posted): for diagnosis. */
  trace: string[];
}

/** The open pipeline canvases, per file. */
export class EditorSessions {
  private readonly all = new Set<EditorSession>();

  add(session: EditorSession): () => void {
    this.all.add(session);
    return () => this.all.delete(session);
  }

  of(uri: vscode.Uri): EditorSession[] {
    return [...this.all].filter((s) => s.uri.toString() === uri.toString());
  }

  get count(): number {
    return this.all.size;
  }
}
