import * as vscode from 'vscode';
import { settingsPrices } from '../core/report/settingsPrices';
import { readSettings } from '../host/hostSettings';
import type { Services } from '../host/services';
import type { WebviewController } from '../host/webviewController';
import { openWebviewApp } from '../host/webviewSetup';
import type { ReportEvents, ReportMethods, ReportView } from '../shared/reportProtocol';
import { createReportHandlers } from './reportHandlers';
import { ReportSession, type ReportTarget } from './reportSession';

export const REPORT_VIEW_TYPE = 'datagenflow.report';

/**
 * The Report panel: a job's dataset report, or two jobs compared unit by unit. The scan runs in the extension
 * host (src/core/report) with progress; the webview only draws what it is sent.
 */
export class ReportPanel {
  private readonly view: WebviewController<ReportMethods, ReportEvents>;
  readonly session: ReportSession;

  constructor(
    readonly panel: vscode.WebviewPanel,
    services: Services,
    options: { onView?(view: ReportView): void; onDispose(): void },
  ) {
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'datagenflow.svg');
    this.session = new ReportSession({
      source: async () => (await services.store.get()).store,
      prices: (modelSettings) => settingsPrices(readSettings(), modelSettings),
      onView: (view) => {
        if (view.kind !== 'empty') this.panel.title = view.title;
        // A webview that is loading or hidden asks for the whole view when it is ready: progress is not queued.
        if (this.view.isReady) this.view.emit('view', view);
        options.onView?.(view);
      },
    });
    this.view = openWebviewApp<ReportMethods, ReportEvents>(panel, services, {
      app: 'report',
      title: 'DataGenFlow Report',
      handlers: createReportHandlers({
        state: () => this.session.view,
        rescan: () => void this.session.rescan(),
        setMetric: (metric) => void this.session.setMetric(metric),
        openReview: async (jobId) => {
          await vscode.commands.executeCommand('datagenflow.openReview', jobId);
        },
      }),
      describeError: (e) => ({ message: e instanceof Error ? e.message : String(e) }),
      onDispose: () => {
        this.session.dispose();
        options.onDispose();
      },
    });
  }

  /** The webview has loaded and said ready (and is not hidden). */
  get isReady(): boolean {
    return this.view.isReady;
  }

  show(target: ReportTarget): Promise<void> {
    this.panel.reveal(undefined, false);
    return this.session.show(target);
  }

  dispose(): void {
    this.view.dispose();
  }
}
