// Test hooks of the pipeline editor, used only in ExtensionMode.Test (the integration tests), by the browser harness
// and by the benchmark: a production canvas records nothing and does not handle `rendered`.
import type * as vscode from 'vscode';
import { expectInteger, expectObject } from '../host/messageGuards';
import type { RpcHandler } from '../host/rpcHost';
import type { EditorMethods, EditorSnapshot, EditorTestMethods } from '../shared/editorProtocol';
import type { MethodName, ParamsOf, ResultOf } from '../shared/rpc';
import type { EditorProbe, PipelineCanvas } from './pipelineCanvas';

/** The `rendered` request's host end: the webview drew a snapshot. */
export function renderedHandler(report: (version: number, nodes: number) => void): RpcHandler<EditorTestMethods, 'rendered'> {
  return {
    parse: (p) => {
      const o = expectObject(p, 'params');
      return { version: expectInteger(o.version, 'params.version', 0), nodes: expectInteger(o.nodes, 'params.nodes', 0) };
    },
    handle: ({ version, nodes }) => (report(version, nodes), null),
  };
}

/** What a canvas reported (the probe a canvas gets in ExtensionMode.Test). */
export class EditorRecord implements EditorProbe {
  readonly handlers = { rendered: renderedHandler((version, nodes) => this.drawn(version, nodes)) };
  /** The snapshots posted to the webview (latest last; the last 50). */
  readonly snapshots: EditorSnapshot[] = [];
  /** Versions the webview reported as drawn. */
  readonly rendered: { version: number; nodes: number }[] = [];
  /** What happened to the panel, latest last (resolve, ready, hidden/visible, snapshots posted): for diagnosis. */
  readonly trace: string[] = [];

  note(event: string): void {
    this.trace.push(`${new Date().toISOString().slice(11, 23)} ${event}`);
    if (this.trace.length > 100) this.trace.shift();
  }

  posted(snapshot: EditorSnapshot): void {
    this.snapshots.push(snapshot);
    if (this.snapshots.length > 50) this.snapshots.splice(0, this.snapshots.length - 50);
    this.note(`snapshot v${snapshot.version}`);
  }

  drawn(version: number, nodes: number): void {
    this.note(`rendered v${version} (${nodes} nodes)`);
    this.rendered.push({ version, nodes });
  }
}

/** One open canvas as the integration tests see it: its record, and requests run as if its webview sent them. */
export class EditorSession {
  constructor(
    private readonly canvas: Pick<PipelineCanvas, 'uri' | 'request'>,
    private readonly record: EditorRecord,
  ) {}

  get uri(): vscode.Uri {
    return this.canvas.uri;
  }

  get snapshots(): EditorSnapshot[] {
    return this.record.snapshots;
  }

  get rendered(): { version: number; nodes: number }[] {
    return this.record.rendered;
  }

  get trace(): string[] {
    return this.record.trace;
  }

  /** Runs a protocol request as if the webview had sent it (params are validated the same way). */
  request<K extends MethodName<EditorMethods>>(method: K, params: ParamsOf<EditorMethods, K>): Promise<ResultOf<EditorMethods, K>> {
    return this.canvas.request(method, params);
  }
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
}
