import { REVIEW_FILTERS } from '../../src/shared/reviewProtocol';
import { Button, Codicon, Dropdown } from '../common/toolkit';
import { formatCount, formatDuration, STATUS_ICON, STATUS_LABEL } from './format';
import { Histogram } from './Histogram';
import type { ReviewState } from './reviewState';
import { dispatch } from './reviewStore';

/** Job selector, status filter with live counts, job summary with charts, and the job's actions. */
export function ReviewHeader(props: { state: ReviewState; onLayout(): void; onExport(): void }) {
  const { view, jobs, job, counts, charts } = props.state;
  const jobId = view.jobId;
  const options = jobs.map((j) => ({ value: String(j.id), label: `#${j.id} ${j.pipelineName} · ${j.status} · ${formatCount(j.records)} records` }));
  if (jobId !== undefined && !options.some((o) => o.value === String(jobId))) options.unshift({ value: String(jobId), label: `#${jobId}` });

  return (
    <header className="review-header">
      <div className="header-row">
        <Dropdown
          key={options.map((o) => o.label).join('|')}
          className="job-select"
          ariaLabel="Job"
          data-testid="job-select"
          value={jobId === undefined ? '' : String(jobId)}
          options={options.length ? options : [{ value: '', label: 'No jobs with records' }]}
          disabled={options.length === 0}
          onChange={(v) => v && Number(v) !== jobId && dispatch({ type: 'setView', patch: { jobId: Number(v), offset: 0, status: 'pending' } })}
        />
        <div className="filter-tabs" role="tablist" aria-label="Status filter">
          {REVIEW_FILTERS.map((status) => (
            <button
              key={status}
              role="tab"
              aria-selected={view.status === status}
              className={`filter-tab${view.status === status ? ' active' : ''}`}
              data-testid={`filter-${status}`}
              onClick={() => dispatch({ type: 'setView', patch: { status, offset: 0 } })}
            >
              <Codicon name={STATUS_ICON[status]} /> {STATUS_LABEL[status]} <span className="count-badge" data-testid={`count-${status}`}>
                {formatCount(counts?.[status] ?? 0)}
              </span>
            </button>
          ))}
        </div>
        <div className="header-actions">
          <Button appearance="icon" ariaLabel="Single record view" title="Single record view" data-testid="view-single" onClick={() => dispatch({ type: 'showMode', mode: 'single' })}>
            <Codicon name="preview" className={view.view === 'single' ? 'on' : ''} />
          </Button>
          <Button appearance="icon" ariaLabel="List view" title="List view" data-testid="view-list" onClick={() => dispatch({ type: 'showMode', mode: 'list' })}>
            <Codicon name="list-flat" className={view.view === 'list' ? 'on' : ''} />
          </Button>
          <Button appearance="secondary" title="Which fields show large, smaller, or only in the trace" data-testid="layout-button" disabled={!job} onClick={props.onLayout}>
            <Codicon name="layout" /> Layout
          </Button>
          <Button appearance="secondary" title={`Export this job's ${view.status} records as JSONL`} data-testid="export-button" disabled={!job} onClick={() => dispatch({ type: 'exportJsonl' })}>
            <Codicon name="export" /> Export JSONL
          </Button>
          <Button appearance="secondary" title="Export as OpenAI chat, ShareGPT, Alpaca, CSV, Parquet or a Hugging Face dataset, with the pipeline's mapping and a preview" data-testid="export-as-button" disabled={!job} onClick={props.onExport}>
            <Codicon name="package" /> Export As…
          </Button>
          <Button appearance="secondary" title="Delete this job and all its records" data-testid="delete-all-button" disabled={!job || job.job.running} onClick={() => dispatch({ type: 'deleteJob' })}>
            <Codicon name="trash" /> Delete All
          </Button>
        </div>
      </div>
      {job && (
        <div className="summary-row" data-testid="job-summary">
          <span title={job.job.pipelinePath}>
            <Codicon name={job.job.running ? 'sync' : 'symbol-event'} className={job.job.running ? 'codicon-modifier-spin' : undefined} /> <b>{job.job.pipelineName}</b> · job #{job.job.id} · {job.job.status}
          </span>
          <span>
            {formatCount(job.job.generated)} generated · {formatCount(job.job.failed)} failed{job.job.total ? ` of ${formatCount(job.job.total)}` : ''}
          </span>
          <span title="input / output / cached tokens">
            <Codicon name="symbol-numeric" /> {formatCount(job.job.usage.inputTokens)} in · {formatCount(job.job.usage.outputTokens)} out · {formatCount(job.job.usage.cachedTokens)} cached
          </span>
          <span>
            <Codicon name="watch" /> {formatDuration(job.job.elapsedMs)}
          </span>
          {charts.map((c) => (
            <Histogram key={c.field} chart={c} />
          ))}
        </div>
      )}
    </header>
  );
}
