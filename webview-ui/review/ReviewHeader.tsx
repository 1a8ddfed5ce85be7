import { REVIEW_FILTERS } from '../../src/shared/reviewProtocol';
import { Button, Codicon, Dropdown } from '../common/toolkit';
import { formatCount, formatDuration, STATUS_ICON, STATUS_LABEL } from './format';
import { Histogram } from './Histogram';
import { reviewClient as client } from './reviewClient';
import type { ReviewModel } from './useReview';

/** Job selector, status filter with live counts, job summary with charts, and the job's actions. */
export function ReviewHeader(props: { model: ReviewModel; onLayout(): void }) {
  const { model } = props;
  const { view, jobs, job, counts, charts } = model;
  const jobId = view.jobId;
  const options = jobs.map((j) => ({ value: String(j.id), label: `#${j.id} ${j.pipelineName} · ${j.status} · ${formatCount(j.records)} records` }));
  if (jobId !== undefined && !options.some((o) => o.value === String(jobId))) options.unshift({ value: String(jobId), label: `#${jobId}` });

  const exportJsonl = async () => {
    if (jobId === undefined) return;
    try {
      const r = await client.request('exportJsonl', { jobId, status: view.status });
      if (r) model.say(`Exported ${formatCount(r.count)} ${view.status} record(s) to ${r.path}.`);
    } catch (e) {
      model.say(e instanceof Error ? e.message : String(e), true);
    }
  };
  const deleteAll = async () => {
    if (jobId === undefined) return;
    try {
      const r = await client.request('deleteAll', { jobId });
      if (!r.deleted) return;
      const rest = jobs.filter((j) => j.id !== jobId);
      model.setView({ jobId: rest[0]?.id, offset: 0, status: 'pending' });
      model.say(`Deleted job #${jobId} and its ${formatCount(r.records)} record(s).`);
    } catch (e) {
      model.say(e instanceof Error ? e.message : String(e), true);
    }
  };

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
          onChange={(v) => v && Number(v) !== jobId && model.setView({ jobId: Number(v), offset: 0, status: 'pending' })}
        />
        <div className="filter-tabs" role="tablist" aria-label="Status filter">
          {REVIEW_FILTERS.map((status) => (
            <button
              key={status}
              role="tab"
              aria-selected={view.status === status}
              className={`filter-tab${view.status === status ? ' active' : ''}`}
              data-testid={`filter-${status}`}
              onClick={() => model.setView({ status, offset: 0 })}
            >
              <Codicon name={STATUS_ICON[status]} /> {STATUS_LABEL[status]} <span className="count-badge" data-testid={`count-${status}`}>
                {formatCount(counts?.[status] ?? 0)}
              </span>
            </button>
          ))}
        </div>
        <div className="header-actions">
          <Button appearance="icon" ariaLabel="Single record view" title="Single record view" data-testid="view-single" onClick={() => model.setView({ view: 'single', offset: model.page ? model.page.offset + model.cursor : view.offset })}>
            <Codicon name="preview" className={view.view === 'single' ? 'on' : ''} />
          </Button>
          <Button appearance="icon" ariaLabel="List view" title="List view" data-testid="view-list" onClick={() => model.setView({ view: 'list' })}>
            <Codicon name="list-flat" className={view.view === 'list' ? 'on' : ''} />
          </Button>
          <Button appearance="secondary" title="Which fields show large, smaller, or only in the trace" data-testid="layout-button" disabled={!job} onClick={props.onLayout}>
            <Codicon name="layout" /> Layout
          </Button>
          <Button appearance="secondary" title={`Export this job's ${view.status} records as JSONL`} data-testid="export-button" disabled={!job} onClick={() => void exportJsonl()}>
            <Codicon name="export" /> Export JSONL
          </Button>
          <Button appearance="secondary" title="Delete this job and all its records" data-testid="delete-all-button" disabled={!job || job.job.running} onClick={() => void deleteAll()}>
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
