import * as vscode from 'vscode';
import { ReviewService } from '../core/review/reviewService';
import type { Services } from '../host/services';
import type { RpcHost } from '../host/rpcHost';
import { connectWebview, loadWebviewApp, reloadWhenSilent } from '../host/webviewSetup';
import { Throttle } from '../host/throttle';
import type { ReviewBoot, ReviewCounts, ReviewEvents, ReviewKeyCommand, ReviewMethods } from '../shared/reviewProtocol';
import { createReviewHandlers } from './reviewHandlers';
import { reviewHostActions, type ReviewEnvironment } from './reviewHostActions';
import { ReviewKeyRelay, type ReviewKeyResult } from './reviewKeyRelay';
import { setKeysOff } from './reviewKeysContext';

export const REVIEW_VIEW_TYPE = 'datagenflow.review';
/** True while the review keys must be off: a text field of the panel has focus, or its edit form or layout dialog is open. */
/** A running job writes records many times a second; the panel's counts follow at most this often. */
const LIVE_UPDATE_MS = 300;

/**
 * The Review panel: one per window. The webview keeps its view state (job, filter, position) in setState, so after
 * a reload the serializer hands the panel back and the app resumes where it was.
 */
export class ReviewPanel implements vscode.Disposable {
  private static current: ReviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly host: RpcHost<ReviewMethods, ReviewEvents>;
  private readonly keys: ReviewKeyRelay;
  private readonly throttle: Throttle;
  private jobId: number | undefined;
  private lastJobs = '';
  private disposed = false;
  private readonly pushed = new vscode.EventEmitter<{ jobId: number; counts: ReviewCounts; running: boolean }>();
  /** A live update of the shown job went to the webview (tests follow a running job through it). */
  readonly onDidPushJob = this.pushed.event;
  private readonly services: Services;

  static get active(): ReviewPanel | undefined {
    return ReviewPanel.current;
  }

  /** Shows the panel (creating it if needed) on a job, or on the webview's last job when none is given. */
  static show(env: ReviewEnvironment, jobId?: number, column: vscode.ViewColumn = vscode.ViewColumn.Active): ReviewPanel {
    const existing = ReviewPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (jobId !== undefined) existing.showJob(jobId);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, 'DataGenFlow Review', { viewColumn: column, preserveFocus: false }, { enableScripts: true, retainContextWhenHidden: false });
    return new ReviewPanel(panel, env, jobId);
  }

  /** The serializer's entry: the workbench restored the panel after a reload. */
  static revive(panel: vscode.WebviewPanel, env: ReviewEnvironment): ReviewPanel {
    ReviewPanel.current?.dispose();
    return new ReviewPanel(panel, env, undefined);
  }

  /** The job last asked for through showJob (kept if the panel has to be opened anew). */
  private requestedJobId: number | undefined;

  private constructor(
    readonly panel: vscode.WebviewPanel,
    env: ReviewEnvironment,
    jobId: number | undefined,
  ) {
    const services = env.services;
    this.services = services;
    ReviewPanel.current = this;
    const service = new ReviewService(async () => (await services.store.get()).store);
    const handlers = createReviewHandlers(service, { ...reviewHostActions(env, service), commandOutcome: (id, outcome) => this.keys.settle(id, outcome) });
    // Remember which job the webview shows, so live updates go to that job.
    const openJob = handlers.openJob;
    handlers.openJob = {
      parse: openJob.parse,
      handle: async (params) => {
        const view = await openJob.handle(params);
        this.jobId = params.jobId;
        return view;
      },
    };
    const { host, disposable } = connectWebview<ReviewMethods, ReviewEvents>(panel, handlers, services.log, {
      describeError: (e) => ({ message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && 'code' in e && typeof e.code === 'string' ? { code: e.code } : {}) }),
    });
    this.host = host;
    this.keys = new ReviewKeyRelay((payload) => host.emit('command', payload), () => host.isReady);
    this.throttle = new Throttle(LIVE_UPDATE_MS, () => void this.pushChanges(service));
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'datagenflow.svg');
    const boot: ReviewBoot = jobId === undefined ? {} : { jobId };
    loadWebviewApp(panel.webview, services.context.extensionUri, 'review', 'DataGenFlow Review', boot);
    this.disposables.push(
      disposable,
      reloadWhenSilent(panel, () => host.isReady, (attempt) => {
        if (attempt === 1) {
          services.log.warn('The Review panel did not start; loading it again.');
          loadWebviewApp(panel.webview, services.context.extensionUri, 'review', 'DataGenFlow Review', boot);
          return;
        }
        // Loading the page again did not help: the webview's host frame itself is stuck (seen in code-server while
        // its service worker registers). A new panel gets a new frame; once per stuck panel.
        services.log.warn('The Review panel still did not start; opening a new one.');
        const column = panel.viewColumn;
        this.dispose();
        ReviewPanel.show(env, this.requestedJobId ?? jobId, column);
      }),
      services.store.onDidChange(() => this.throttle.schedule()),
      services.jobs.onDidChange(() => this.throttle.schedule()),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.active) void setKeysOff(false);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** The job the webview showed last (after its openJob request). */
  get shownJobId(): number | undefined {
    return this.jobId;
  }

  /**
   * A review key was pressed (keybinding → command): the webview decides whether it acts on its current record (never
   * while the user types) and the promise resolves with what it did.
   */
  runCommand(command: ReviewKeyCommand): Promise<ReviewKeyResult> {
    return this.keys.run(command);
  }

  showJob(jobId: number): void {
    this.requestedJobId = jobId;
    this.host.emit('showJob', { jobId });
  }

  private async pushChanges(service: ReviewService): Promise<void> {
    if (this.disposed || !this.host.isReady) return;
    try {
      const jobs = await service.jobs();
      const text = JSON.stringify(jobs);
      if (text !== this.lastJobs) {
        this.lastJobs = text;
        this.host.emit('jobsChanged', { jobs });
      }
      const jobId = this.jobId;
      if (jobId === undefined) return;
      const job = await service.jobSummary(jobId);
      const counts = job ? await service.counts(jobId) : { pending: 0, accepted: 0, rejected: 0, failed: 0, total: 0 };
      this.host.emit('jobChanged', { jobId, job, counts });
      this.pushed.fire({ jobId, counts, running: job?.running ?? false });
    } catch (e) {
      this.services.log.warn(`Review panel: could not refresh the job: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ReviewPanel.current === this) ReviewPanel.current = undefined;
    this.throttle.dispose();
    this.pushed.dispose();
    this.keys.dispose();
    void setKeysOff(false);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

