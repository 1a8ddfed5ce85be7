import * as vscode from 'vscode';
import { ReviewService } from '../core/review/reviewService';
import { Throttle } from '../host/throttle';
import type { WebviewController } from '../host/webviewController';
import { openWebviewApp } from '../host/webviewSetup';
import type { ReviewBoot, ReviewCounts, ReviewEvents, ReviewKeyCommand, ReviewMethods } from '../shared/reviewProtocol';
import { createReviewHandlers } from './reviewHandlers';
import { reviewHostActions, type ReviewEnvironment } from './reviewHostActions';
import { ReviewKeyRelay, type ReviewKeyResult } from './reviewKeyRelay';
import { setKeysOff } from './reviewKeysContext';

/** A running job writes records many times a second; the panel's counts follow at most this often. */
const LIVE_UPDATE_MS = 300;

/** A live update of the shown job, as it went to the webview. */
export interface ReviewPush {
  jobId: number;
  counts: ReviewCounts;
  running: boolean;
}

/** What a panel reports for tests (ExtensionMode.Test only). */
export interface ReviewProbe {
  pushedJob(push: ReviewPush): void;
}

export interface ReviewPanelOptions {
  /** The job to open; none: the webview's own last job (a restored panel) or the newest with records. */
  jobId?: number;
  probe?: ReviewProbe;
  onDispose(panel: ReviewPanel): void;
}

/**
 * One Review panel. The webview keeps its view state (job, filter, position) in setState, so after a reload the
 * serializer hands the panel back and the app resumes where it was.
 */
export class ReviewPanel {
  private readonly view: WebviewController<ReviewMethods, ReviewEvents>;
  private readonly service: ReviewService;
  private readonly keys: ReviewKeyRelay;
  private readonly throttle: Throttle;
  private jobId: number | undefined;
  private lastJobs = '';

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly env: ReviewEnvironment,
    private readonly options: ReviewPanelOptions,
  ) {
    const { services } = env;
    this.service = new ReviewService(async () => (await services.store.get()).store);
    this.keys = new ReviewKeyRelay((payload) => this.view.emit('command', payload), () => this.view.isReady);
    this.throttle = new Throttle(LIVE_UPDATE_MS, () => void this.pushChanges());
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'datagenflow.svg');
    const boot: ReviewBoot = options.jobId === undefined ? {} : { jobId: options.jobId };
    this.view = openWebviewApp<ReviewMethods, ReviewEvents>(panel, services, {
      app: 'review',
      title: 'DataGenFlow Review',
      boot,
      handlers: createReviewHandlers(this.service, {
        ...reviewHostActions(env, this.service),
        commandOutcome: (id, outcome) => this.keys.settle(id, outcome),
        // Live updates go to the job the webview shows.
        jobOpened: (jobId) => {
          this.jobId = jobId;
        },
      }),
      describeError: (e) => ({ message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && 'code' in e && typeof e.code === 'string' ? { code: e.code } : {}) }),
      onDispose: () => this.closed(),
    });
    this.view.track(
      services.store.onDidChange(() => this.throttle.schedule()),
      services.jobs.onDidChange(() => this.throttle.schedule()),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (!webviewPanel.active) void setKeysOff(false);
      }),
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

  /** Shows a job (when the webview is loading or hidden: once it says ready). */
  showJob(jobId: number): void {
    this.view.emit('showJob', { jobId });
  }

  dispose(): void {
    this.view.dispose();
  }

  private closed(): void {
    this.throttle.dispose();
    this.keys.dispose();
    void setKeysOff(false);
    this.options.onDispose(this);
  }

  private async pushChanges(): Promise<void> {
    // A webview that is loading or hidden asks for the jobs and its job itself when it starts.
    if (!this.view.isReady) return;
    try {
      const jobs = await this.service.jobs();
      const text = JSON.stringify(jobs);
      if (text !== this.lastJobs) {
        this.lastJobs = text;
        this.view.emit('jobsChanged', { jobs });
      }
      const jobId = this.jobId;
      if (jobId === undefined) return;
      const job = await this.service.jobSummary(jobId);
      const counts = job ? await this.service.counts(jobId) : { pending: 0, accepted: 0, rejected: 0, failed: 0, total: 0 };
      this.view.emit('jobChanged', { jobId, job, counts });
      this.options.probe?.pushedJob({ jobId, counts, running: job?.running ?? false });
    } catch (e) {
      this.env.services.log.warn(`Review panel: could not refresh the job: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
