import type { ReviewFieldLayout, ReviewRecord, ReviewRecordAt } from '../../src/shared/reviewProtocol';
import { Button, Codicon } from '../common/toolkit';
import { FieldValue } from './FieldValue';
import { formatCount, formatDuration, STATUS_ICON, STATUS_LABEL } from './format';
import { dispatch } from './reviewStore';
import { TraceView } from './TraceView';

/** Chromium's Element Timing API records when the first record id was painted (the benchmark reads it). */
const ELEMENT_TIMING: Record<string, string> = { elementtiming: 'record-id' };

/** The focused single-record view: primary fields large, secondary smaller, seed metadata, then the trace. */
export function RecordView(props: { record: ReviewRecord; position: ReviewRecordAt; layout: ReviewFieldLayout }) {
  const { record, position, layout } = props;
  const changed = (name: string) => record.originalFields !== null && JSON.stringify(record.originalFields[name]) !== JSON.stringify(record.fields[name]);
  const hidden = new Set(layout.hidden);
  const primary = layout.primary.filter((f) => Object.hasOwn(record.fields, f));
  const secondary = [...layout.secondary, ...Object.keys(record.fields).filter((f) => !layout.primary.includes(f) && !layout.secondary.includes(f) && !hidden.has(f))].filter(
    (f, i, all) => Object.hasOwn(record.fields, f) && all.indexOf(f) === i,
  );
  const failed = record.status === 'failed';
  return (
    <article className="record" data-testid="record-view" data-record-id={record.id}>
      <div className="record-bar">
        <Button appearance="icon" ariaLabel="Previous record" title="Previous (P)" data-testid="prev" disabled={position.offset === 0} onClick={() => dispatch({ type: 'move', delta: -1 })}>
          <Codicon name="chevron-left" />
        </Button>
        <span data-testid="record-position">
          Record {formatCount(position.offset + 1)} of {formatCount(position.total)}
        </span>
        <Button appearance="icon" ariaLabel="Next record" title="Next (N)" data-testid="next" disabled={position.offset + 1 >= position.total} onClick={() => dispatch({ type: 'move', delta: 1 })}>
          <Codicon name="chevron-right" />
        </Button>
        <span className="record-id" data-testid="record-id" {...ELEMENT_TIMING}>
          #{record.id}
        </span>
        <span className={`status status-${record.status}`} data-testid="record-status">
          <Codicon name={STATUS_ICON[record.status]} /> {STATUS_LABEL[record.status]}
        </span>
        {record.edited && (
          <span className="tag" data-testid="edited-tag">
            edited
          </span>
        )}
        <span className="muted">
          seed {record.seedIndex} · {record.unitKey} · {formatDuration(record.durationMs)} · {formatCount(record.usage.inputTokens + record.usage.outputTokens)} tokens
        </span>
        <span className="spacer" />
        {!failed && (
          <>
            <Button appearance="primary" data-testid="accept" title="Accept (A)" onClick={() => dispatch({ type: 'decide', status: 'accepted' })}>
              <Codicon name="check" /> Accept
            </Button>
            <Button appearance="secondary" data-testid="reject" title="Reject (R)" onClick={() => dispatch({ type: 'decide', status: 'rejected' })}>
              <Codicon name="close" /> Reject
            </Button>
            <Button appearance="secondary" data-testid="edit" title="Edit (E)" onClick={() => dispatch({ type: 'setEditing', on: true })}>
              <Codicon name="edit" /> Edit
            </Button>
          </>
        )}
        {record.edited && (
          <Button appearance="secondary" data-testid="compare" title="Open VS Code's diff of the original and edited outputs" onClick={() => dispatch({ type: 'openDiff', recordId: record.id })}>
            <Codicon name="diff" /> Compare with original
          </Button>
        )}
      </div>
      {failed && (
        <div className="error-box" data-testid="record-error">
          <Codicon name="error" /> {record.error ?? 'This execution failed without a message.'}
        </div>
      )}
      <div className="fields-primary">
        {primary.map((f) => (
          <FieldValue key={f} name={f} value={record.fields[f]} size="primary" edited={changed(f)} />
        ))}
      </div>
      {secondary.length > 0 && (
        <div className="fields-secondary">
          {secondary.map((f) => (
            <FieldValue key={f} name={f} value={record.fields[f]} size="secondary" edited={changed(f)} />
          ))}
        </div>
      )}
      <details className="metadata" open>
        <summary>Seed metadata</summary>
        <dl data-testid="metadata">
          {Object.entries(record.metadata).map(([k, v]) => (
            <div key={k} className="meta-pair">
              <dt>{k}</dt>
              <dd className={typeof v === 'string' ? '' : 'mono'}>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      </details>
      <TraceView trace={record.trace} openByDefault={failed} />
    </article>
  );
}
