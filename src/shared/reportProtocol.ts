// The Report panel's protocol (webview-ui/report ↔ src/report). The host scans a job (or two) in the engine and
// pushes the panel's whole view as it changes: progress while scanning, then the report or the comparison.
import type { RpcMethod } from './rpc';

// What a report is on the wire is what the engine produces (src/core/report/reportTypes), declared once there.
// A type-only import: erased from the webview bundle, which gets no engine code.
import type { DatasetReport, Histogram, JobComparison, ReportProgress, UnitComparison } from '../core/report/reportTypes';

export type { DatasetReport, Histogram, JobComparison, ReportProgress, UnitComparison };

interface ScanState {
  /** Records scanned so far, while scanning. */
  progress?: ReportProgress;
  /** Why the scan failed (the job was deleted, the database is unreadable). */
  error?: string;
}

export interface JobReportView extends ScanState {
  kind: 'report';
  jobId: number;
  title: string;
  report?: DatasetReport;
}

export interface CompareJobsView extends ScanState {
  kind: 'compare';
  jobs: [number, number];
  title: string;
  metric?: string;
  comparison?: JobComparison;
}

export type ReportView = JobReportView | CompareJobsView | { kind: 'empty' };

export type ReportMethods = {
  /** The panel's current view (after ready, and after a reload). */
  state: RpcMethod<Record<string, never>, ReportView>;
  /** Scans again (records may have changed since). */
  rescan: RpcMethod<Record<string, never>, null>;
  /** Compare: ranks units on another numeric field (scans again). */
  setMetric: RpcMethod<{ metric: string }, null>;
  /** Opens the Review panel on a job. */
  openReview: RpcMethod<{ jobId: number }, null>;
};

export type ReportEvents = {
  /** The view changed: a scan started, progressed or ended. */
  view: ReportView;
};
