import { Button, Codicon, ProgressRing } from '../common/toolkit';
import { CompareView } from './CompareView';
import { DatasetReportView } from './DatasetReportView';
import { count } from '../../src/shared/reportFormat';
import { dispatch, useReportState } from './reportStore';

export function ReportApp() {
  const { view, message } = useReportState();
  if (view.kind === 'empty') return <div className="report-empty">Open a dataset report from the Jobs view (right-click a job → Dataset Report).</div>;
  const scanning = view.progress !== undefined;
  return (
    <div className="report">
      <header className="report-header">
        <span className="report-title" data-testid="report-title">
          {view.title}
        </span>
        {scanning && (
          <span className="report-progress" data-testid="report-progress">
            <ProgressRing className="report-ring" /> Scanning… {count(view.progress?.done ?? 0)}
            {view.progress?.total ? ` / ${count(view.progress.total)}` : ''} records
          </span>
        )}
        <span className="spacer" />
        {view.kind === 'report' && (
          <Button appearance="secondary" onClick={() => dispatch({ type: 'openReview', jobId: view.jobId })}>
            <Codicon name="checklist" /> Review
          </Button>
        )}
        <Button appearance="secondary" disabled={scanning} onClick={() => dispatch({ type: 'rescan' })} data-testid="report-rescan">
          <Codicon name="refresh" /> Scan again
        </Button>
      </header>
      {message && <div className="report-message error">{message}</div>}
      {view.error && (
        <div className="report-message error" data-testid="report-error">
          {view.error}
        </div>
      )}
      {view.kind === 'report' && view.report && <DatasetReportView report={view.report} />}
      {view.kind === 'compare' && view.comparison && <CompareView comparison={view.comparison} />}
    </div>
  );
}
