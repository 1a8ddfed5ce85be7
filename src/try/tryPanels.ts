import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';
import { TryPanel, type TryPanelProbe } from './tryPanel';
import type { TryService } from './tryService';

/** The one Try panel of the window: opened on the first try, then following the pipeline tried last. */
export class TryPanels implements vscode.Disposable {
  private panel: TryPanel | undefined;

  constructor(
    private readonly services: Services,
    private readonly tries: TryService,
    private readonly probe?: TryPanelProbe,
  ) {}

  get current(): TryPanel | undefined {
    return this.panel;
  }

  async show(pipeline: vscode.Uri): Promise<TryPanel> {
    if (this.panel) {
      await this.panel.show(pipeline);
      return this.panel;
    }
    const webviewPanel = vscode.window.createWebviewPanel('datagenflow.try', `Try: ${relativePath(pipeline)}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    const panel = new TryPanel(webviewPanel, pipeline, this.services, this.tries, {
      ...(this.probe ? { probe: this.probe } : {}),
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
