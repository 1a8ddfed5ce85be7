import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';
import type { TryPipelineView } from '../shared/tryProtocol';
import { TryPanel, type TryPanelProbe } from './tryPanel';
import type { TryService } from './tryService';

export const TRY_VIEW_TYPE = 'datagenflow.try';

/** The pipeline a restored panel showed: its workspace-relative path in the saved view state, in the first folder holding it. */
function restoredPipeline(state: unknown): vscode.Uri | undefined {
  const path = typeof state === 'object' && state !== null ? (state as { pipeline?: unknown }).pipeline : undefined;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (typeof path !== 'string' || path === '' || !folder) return undefined;
  return vscode.Uri.joinPath(folder.uri, path);
}

/** The one Try panel of the window: opened on the first try, then following the pipeline tried last. */
export class TryPanels implements vscode.Disposable {
  private panel: TryPanel | undefined;

  constructor(
    private readonly services: Services,
    private readonly tries: TryService,
    private readonly probe?: TryPanelProbe,
    private readonly stateProbe?: (view: TryPipelineView) => void,
  ) {}

  get current(): TryPanel | undefined {
    return this.panel;
  }

  async show(pipeline: vscode.Uri): Promise<TryPanel> {
    if (this.panel) {
      await this.panel.show(pipeline);
      return this.panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel(TRY_VIEW_TYPE, `Try: ${relativePath(pipeline)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    return this.adopt(webviewPanel, pipeline);
  }

  /**
   * The serializer's entry: the workbench restored the panel after a reload, with the view state the webview kept
   * (the pipeline shown, workspace-relative). The panel shows that pipeline's kept tries again; without a pipeline
   * (or outside any workspace folder) there is nothing to show and the panel closes.
   */
  revive(webviewPanel: vscode.WebviewPanel, state: unknown): TryPanel | undefined {
    const pipeline = restoredPipeline(state);
    if (!pipeline) {
      webviewPanel.dispose();
      return undefined;
    }
    this.panel?.dispose();
    webviewPanel.title = `Try: ${relativePath(pipeline)}`;
    return this.adopt(webviewPanel, pipeline);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, pipeline: vscode.Uri): TryPanel {
    const panel = new TryPanel(webviewPanel, pipeline, this.services, this.tries, {
      ...(this.probe ? { probe: this.probe } : {}),
      ...(this.stateProbe ? { stateProbe: this.stateProbe } : {}),
      onDispose: () => {
        if (this.panel === panel) this.panel = undefined;
      },
    });
    this.panel = panel;
    return panel;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
