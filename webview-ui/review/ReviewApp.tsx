import { useEffect, useLayoutEffect, useState } from 'react';
import { ProgressRing } from '../common/toolkit';
import { EditForm } from './EditForm';
import { HintBar } from './HintBar';
import { LayoutDialog } from './LayoutDialog';
import { RecordList } from './RecordList';
import { RecordView } from './RecordView';
import { ReviewHeader } from './ReviewHeader';
import { useReview } from './useReview';
import { reviewKeyGuard, useReviewKeyGuard } from './useReviewKeyGuard';

/** The Review panel: header (job, filter, summary, actions), then one record or a page of records, then the key hints. */
export function ReviewApp() {
  const model = useReview();
  const [layoutOpen, setLayoutOpen] = useState(false);
  useReviewKeyGuard();
  const { job, view, current, editing, setEditing } = model;
  const record = current?.record ?? null;

  // A layout dialog or edit form left open on another job makes no sense.
  useEffect(() => setLayoutOpen(false), [view.jobId]);
  // Editing ends where no record can be edited (the list, an empty filter); while the record loads it is coming.
  const editable = view.view === 'single' && current?.record !== null;
  useEffect(() => {
    if (editing && !editable) setEditing(false);
  }, [editing, editable, setEditing]);
  // The review keys are off while the edit form or the layout dialog is open (or about to be): before paint, so no
  // key command is handled in between.
  useLayoutEffect(() => {
    reviewKeyGuard.setForm('edit', editing && editable);
    reviewKeyGuard.setForm('layout', layoutOpen);
  });

  if (view.jobId === undefined) {
    return (
      <main className="review empty-state" data-testid="review-empty">
        <ReviewHeader model={model} onLayout={() => setLayoutOpen(true)} />
        <ReviewMessage message={model.message} />
        <p className="muted">No job with records yet. Run <b>DataGenFlow: Generate</b>, then review its records here.</p>
      </main>
    );
  }
  return (
    <main className="review" data-testid="review-root">
      <ReviewHeader model={model} onLayout={() => setLayoutOpen(true)} />
      <ReviewMessage message={model.message} />
      {layoutOpen && job && <LayoutDialog jobId={job.job.id} layout={job.layout} fields={job.fields} onClose={() => setLayoutOpen(false)} onSaved={() => model.reloadJob()} onError={(m) => model.say(m, true)} />}
      <section className="review-body">
        {!job ? (
          <ProgressRing />
        ) : view.view === 'list' ? (
          <RecordList model={model} layout={job.layout} />
        ) : !current ? (
          <ProgressRing />
        ) : !record ? (
          <p className="muted" data-testid="review-filter-empty">
            No {view.status} records in this job{job.job.running ? ' yet: the job is still running' : ''}.
          </p>
        ) : editing ? (
          <EditForm key={record.id} record={record} onSaved={model.afterEdit} onCancel={() => model.setEditing(false)} onError={(m) => model.say(m, true)} />
        ) : (
          <RecordView record={record} position={current} layout={job.layout} model={model} />
        )}
      </section>
      <HintBar view={view.view} />
    </main>
  );
}

/** The last outcome the panel reports (export done, undo, a failure), above the record. */
function ReviewMessage(props: { message: { text: string; error?: boolean } | undefined }) {
  if (!props.message) return null;
  return (
    <div className={`review-message${props.message.error ? ' error' : ''}`} role="status" data-testid="review-message">
      {props.message.text}
    </div>
  );
}
