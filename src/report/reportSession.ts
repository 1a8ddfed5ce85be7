// What the Report panel shows and the scan behind it, free of the VS Code API (the browser harness runs it on a
// real store). One scan at a time: showing another job, rescanning or changing the metric cancels the running one.
import { CancelledError } from '../core/errors';
import { compareJobs } from '../core/report/compareJobs';
import { buildDatasetReport, type ReportSource } from '../core/report/datasetReport';
import type { CompareJobsView, JobReportView, ReportView } from '../shared/reportProtocol';

export type ReportTarget = { kind: 'report'; jobId: number } | { kind: 'compare'; jobs: [number, number]; metric?: string };

export interface ReportSessionOptions {
  source(): Promise<ReportSource>;
  /** The view changed (pushed to the webview). */
  onView(view: ReportView): void;
  /** Prices for a job whose plan recorded none, from its recorded model settings (see settingsPrices). */
  prices?(jobModelSettings: Record<string, unknown>): { perKInput: number; perKOutput: number } | undefined;
}

export class ReportSession {
  private current: ReportView = { kind: 'empty' };
  private target: ReportTarget | undefined;
  private scan: AbortController | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReportSessionOptions) {}

  get view(): ReportView {
    return this.current;
  }

  /** Resolves when the scan it started has ended (tests wait on it). */
  get settled(): Promise<void> {
    return this.running;
  }

  show(target: ReportTarget): Promise<void> {
    this.target = target;
    return this.start();
  }

  rescan(): Promise<void> {
    return this.start();
  }

  setMetric(metric: string): Promise<void> {
    if (this.target?.kind !== 'compare') return Promise.resolve();
    this.target = { ...this.target, metric };
    return this.start();
  }

  dispose(): void {
    this.scan?.abort();
  }

  private start(): Promise<void> {
    const target = this.target;
    if (!target) return Promise.resolve();
    this.scan?.abort();
    const scan = new AbortController();
    this.scan = scan;
    const set = (view: ReportView) => {
      if (!scan.signal.aborted) this.set(view);
    };
    this.running = (async () => {
      try {
        if (target.kind === 'report') {
          const base: JobReportView = { kind: 'report', jobId: target.jobId, title: `Dataset Report: job #${target.jobId}` };
          set({ ...base, progress: { done: 0, total: 0 } });
          try {
            const source = await this.options.source();
            const job = source.getJob(target.jobId);
            const prices = job && this.options.prices?.(job.modelSettings);
            const report = await buildDatasetReport(source, target.jobId, { signal: scan.signal, onProgress: (progress) => set({ ...base, progress }), ...(prices ? { prices } : {}) });
            set({ ...base, report });
          } catch (e) {
            if (!(e instanceof CancelledError)) set({ ...base, error: messageOf(e) });
          }
          return;
        }
        const base: CompareJobsView = { kind: 'compare', jobs: target.jobs, title: `Compare jobs #${target.jobs[0]} and #${target.jobs[1]}`, ...(target.metric !== undefined ? { metric: target.metric } : {}) };
        set({ ...base, progress: { done: 0, total: 0 } });
        try {
          const source = await this.options.source();
          const comparison = await compareJobs(source, target.jobs[0], target.jobs[1], { signal: scan.signal, onProgress: (progress) => set({ ...base, progress }), ...(target.metric !== undefined ? { metric: target.metric } : {}) });
          set({ ...base, comparison, ...(comparison.metric !== undefined ? { metric: comparison.metric } : {}) });
        } catch (e) {
          if (!(e instanceof CancelledError)) set({ ...base, error: messageOf(e) });
        }
      } finally {
        if (this.scan === scan) this.scan = undefined;
      }
    })();
    return this.running;
  }

  private set(view: ReportView): void {
    this.current = view;
    this.options.onView(view);
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
