import { useLayoutEffect, useState } from 'react';
import { ProgressRing } from '../common/toolkit';
import { EditForm } from './EditForm';
import { ExportDialog } from './ExportDialog';
import { HintBar } from './HintBar';
import { LayoutDialog } from './LayoutDialog';
import { RecordList } from './RecordList';
import { RecordView } from './RecordView';
import { ReviewHeader } from './ReviewHeader';
import type { ReviewMessage as Message } from './reviewState';
import { dispatch, useReviewState } from './reviewStore';
import { reviewKeyGuard, useReviewKeyGuard } from './useReviewKeyGuard';

/** The Review panel: header (job, filter, summary, actions), then one record or a page of records, then the key hints. */
export function ReviewApp() {
  const state = useReviewState();
  useReviewKeyGuard();
  const { job, view, current, editing, layoutOpen } = state;
  const record = current?.record ?? null;
  const openLayout = () => dispatch({ type: 'setLayoutOpen', open: true });
  const say = (text: string) => dispatch({ type: 'say', text, error: true });
  // View state of this page only: the dialog is not restored after a reload.
  const [exportOpen, setExportOpen] = useState(false);
  const openExport = () => setExportOpen(true);

  // The review keys are off while the edit form or the layout dialog is open (or about to be): before paint, so no
  // key command is handled in between.
  useLayoutEffect(() => {
    reviewKeyGuard.setForm('edit', editing);
    reviewKeyGuard.setForm('layout', layoutOpen);
    reviewKeyGuard.setForm('export', exportOpen && job !== undefined);
  });

  if (view.jobId === undefined) {
    return (
      <main className="review empty-state" data-testid="review-empty">
        <ReviewHeader state={state} onLayout={openLayout} onExport={openExport} />
        <ReviewMessage message={state.message} />
        <p className="muted">No job with records yet. Run <b>DataGenFlow: Generate</b>, then review its records here.</p>
      </main>
    );
  }
  return (
    <main className="review" data-testid="review-root">
      <ReviewHeader state={state} onLayout={openLayout} onExport={openExport} />
      <ReviewMessage message={state.message} />
      {layoutOpen && job && (
        <LayoutDialog jobId={job.job.id} layout={job.layout} fields={job.fields} onClose={() => dispatch({ type: 'setLayoutOpen', open: false })} onSaved={() => dispatch({ type: 'layoutSaved' })} onError={say} />
      )}
      {exportOpen && job && (
        <ExportDialog
          key={job.job.id}
          jobId={job.job.id}
          status={view.status}
          onClose={() => setExportOpen(false)}
          onDone={(text, error) => dispatch({ type: 'say', text, error: error ?? false })}
        />
      )}
      <section className="review-body">
        {!job ? (
          <ProgressRing />
        ) : view.view === 'list' ? (
          <RecordList state={state} layout={job.layout} />
        ) : !current ? (
          <ProgressRing />
        ) : !record ? (
          <p className="muted" data-testid="review-filter-empty">
            No {view.status} records in this job{job.job.running ? ' yet: the job is still running' : ''}.
          </p>
        ) : editing ? (
          <EditForm key={record.id} record={record} onSaved={(saved, counts) => dispatch({ type: 'editSaved', record: saved, counts })} onCancel={() => dispatch({ type: 'setEditing', on: false })} onError={say} />
        ) : (
          <RecordView record={record} position={current} layout={job.layout} />
        )}
      </section>
      <HintBar view={view.view} />
    </main>
  );
}

/** The last outcome the panel reports (export done, undo, a failure), above the record. */
function ReviewMessage(props: { message: Message | undefined }) {
  if (!props.message) return null;
  return (
    <div className={`review-message${props.message.error ? ' error' : ''}`} role="status" data-testid="review-message">
      {props.message.text}
    </div>
  );
}
