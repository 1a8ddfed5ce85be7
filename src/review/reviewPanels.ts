import * as vscode from 'vscode';
import type { ReviewEnvironment } from './reviewHostActions';
import { ReviewPanel, type ReviewProbe } from './reviewPanel';

export const REVIEW_VIEW_TYPE = 'datagenflow.review';

/** The window's Review panel: at most one; showing it again reveals it. */
export class ReviewPanels implements vscode.Disposable {
  private current: ReviewPanel | undefined;

  /** `probe` (ExtensionMode.Test only) hears every panel's live updates. */
  constructor(
    private readonly env: ReviewEnvironment,
    private readonly probe?: ReviewProbe,
  ) {}

  get active(): ReviewPanel | undefined {
    return this.current;
  }

  /** Shows the panel (creating it if needed) on a job, or on the webview's last job when none is given. */
  show(jobId?: number, column: vscode.ViewColumn = vscode.ViewColumn.Active): ReviewPanel {
    if (this.current) {
      this.current.panel.reveal(undefined, false);
      if (jobId !== undefined) this.current.showJob(jobId);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, 'DataGenFlow Review', { viewColumn: column, preserveFocus: false }, { enableScripts: true, retainContextWhenHidden: false });
    return this.adopt(panel, jobId);
  }

  /** The serializer's entry: the workbench restored the panel after a reload. */
  revive(panel: vscode.WebviewPanel): ReviewPanel {
    this.current?.dispose();
    return this.adopt(panel, undefined);
  }

  dispose(): void {
    this.current?.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, jobId: number | undefined): ReviewPanel {
    this.current = new ReviewPanel(panel, this.env, {
      jobId,
      probe: this.probe,
      onDispose: (closed) => {
        if (this.current === closed) this.current = undefined;
      },
    });
    return this.current;
  }
}
