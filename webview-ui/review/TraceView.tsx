import { useState } from 'react';
import type { ReviewTraceStep } from '../../src/shared/reviewProtocol';
import { Codicon } from '../common/toolkit';
import { formatDuration } from './format';
import { dispatch } from './reviewStore';

/** The record's execution: each block on a timeline with its duration, output, error and the state after it. */
export function TraceView(props: { trace: ReviewTraceStep[]; openByDefault: boolean }) {
  const { trace } = props;
  const [open, setOpen] = useState(props.openByDefault);
  const span = Math.max(1, ...trace.map((s) => s.offsetMs + s.durationMs));
  return (
    <section className="trace" data-testid="trace">
      <button className="trace-toggle" aria-expanded={open} data-testid="trace-toggle" onClick={() => setOpen(!open)}>
        <Codicon name={open ? 'chevron-down' : 'chevron-right'} /> Execution trace ({trace.length} block{trace.length === 1 ? '' : 's'}, {formatDuration(span)})
      </button>
      {open && (
        <ol className="trace-steps">
          {trace.map((step, i) => (
            <TraceStep key={`${step.blockId}-${i}`} step={step} index={i} span={span} />
          ))}
        </ol>
      )}
    </section>
  );
}

function TraceStep(props: { step: ReviewTraceStep; index: number; span: number }) {
  const { step, span } = props;
  const [showState, setShowState] = useState(false);
  return (
    <li className={`trace-step${step.error ? ' failed' : ''}`} data-testid={`trace-step-${props.index}`}>
      <div className="trace-head">
        <span className="trace-name">
          {props.index + 1}. {step.blockType} <span className="muted">({step.blockId})</span>
        </span>
        <span className="timeline" title={`starts at +${formatDuration(step.offsetMs)}, takes ${formatDuration(step.durationMs)}`}>
          <span className="timeline-bar" style={{ left: `${(step.offsetMs / span) * 100}%`, width: `${Math.max(0.5, (step.durationMs / span) * 100)}%` }} />
        </span>
        <span className="trace-duration">{formatDuration(step.durationMs)}</span>
        {step.reused && (
          <span className="muted" data-testid={`trace-reused-${props.index}`} title="Answered from the response cache: nothing was sent to the endpoint or paid">
            <Codicon name="history" /> reused
          </span>
        )}
        <button
          className="link-button"
          data-testid={`trace-source-${props.index}`}
          title="Select this block on the canvas and show its template in the text editor"
          onClick={() => dispatch({ type: 'goToSource', blockId: step.blockId })}
        >
          <Codicon name="go-to-file" /> Go to source
        </button>
      </div>
      {step.error && (
        <div className="error-box">
          <Codicon name="error" /> Failed: {step.error}
        </div>
      )}
      {step.output && <pre className="trace-json">{JSON.stringify(step.output, null, 2)}</pre>}
      <button className="link-button" data-testid={`trace-state-${props.index}`} onClick={() => setShowState(!showState)} aria-expanded={showState}>
        {showState ? 'Hide' : 'Show'} accumulated state after this block
      </button>
      {showState && <pre className="trace-json state">{JSON.stringify(step.stateAfter, null, 2)}</pre>}
    </li>
  );
}
