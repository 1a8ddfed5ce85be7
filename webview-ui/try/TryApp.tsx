import type { TryBlockView, TryView } from '../../src/shared/tryProtocol';
import { Button, Codicon, ProgressRing } from '../common/toolkit';
import { formatTryDuration, tokensText } from './tryFormat';
import { dispatch, useTryState } from './tryStore';
import { shownTry } from './tryState';

export function TryApp() {
  const state = useTryState();
  const shown = shownTry(state);
  const compared = state.tries.find((t) => t.id === state.compareId && t.id !== shown?.id);
  if (!state.pipeline) return <p className="try-empty">Loading…</p>;
  return (
    <div className="try">
      <header className="try-header">
        <span className="try-title" data-testid="try-pipeline">
          {state.pipeline}
        </span>
        {shown && <TrySummary record={shown} />}
        <span className="spacer" />
        {shown?.status === 'running' ? (
          <Button data-testid="try-cancel" onClick={() => dispatch({ type: 'cancel' })}>
            Cancel
          </Button>
        ) : (
          shown && (
            <Button data-testid="try-again" onClick={() => dispatch({ type: 'tryAgain' })}>
              <Codicon name="play" /> Try again
            </Button>
          )
        )}
      </header>
      {state.message && <div className={`try-message${state.message.error ? ' error' : ''}`}>{state.message.text}</div>}
      {state.tries.length > 1 && <TryList tries={state.tries} shownId={shown?.id} compareId={compared?.id} />}
      {shown ? (
        <ol className="try-blocks" data-testid="try-blocks">
          {blockIds(shown, compared).map((blockId) => (
            <BlockRow key={blockId} blockId={blockId} block={shown.blocks.find((b) => b.blockId === blockId)} running={shown.status === 'running' && state.runningBlock === blockId} compared={compared?.blocks.find((b) => b.blockId === blockId)} compareLabel={compared ? tryLabel(compared) : undefined} />
          ))}
        </ol>
      ) : (
        <p className="try-empty">No try of this pipeline yet: use ▶ Try above a seed of its seed file, or DataGenFlow: Try Seed.</p>
      )}
      {shown?.error && !shown.blocks.some((b) => b.error) && (
        <div className="error-box" data-testid="try-error">
          <Codicon name="error" /> {shown.error.message}
        </div>
      )}
      {shown?.output && (
        <details className="try-final">
          <summary>Final state</summary>
          <pre className="try-json">{JSON.stringify(shown.output, null, 2)}</pre>
        </details>
      )}
    </div>
  );
}

function TrySummary({ record }: { record: TryView }) {
  return (
    <span className="try-summary" data-testid="try-summary">
      {record.seedLabel} · <span className={`try-status ${record.status}`} data-testid="try-status">{record.status}</span>
      {record.status !== 'running' && ` · ${formatTryDuration(record.durationMs)}`} · {tokensText(record.usage)}
    </span>
  );
}

function TryList({ tries, shownId, compareId }: { tries: TryView[]; shownId?: string; compareId?: string }) {
  return (
    <table className="try-list" data-testid="try-list">
      <tbody>
        {tries.map((t, i) => (
          <tr key={t.id} className={t.id === shownId ? 'shown' : undefined} data-testid={`try-row-${i}`}>
            <td>
              <button className="link-button" onClick={() => dispatch({ type: 'select', tryId: t.id })}>
                {tryLabel(t)}
              </button>
            </td>
            <td className={`try-status ${t.status}`}>{t.status}</td>
            <td>{formatTryDuration(t.durationMs)}</td>
            <td>{tokensText(t.usage)}</td>
            <td>
              {t.id !== shownId && (
                <label className="compare">
                  <input type="checkbox" checked={t.id === compareId} onChange={(e) => dispatch({ type: 'compare', tryId: e.target.checked ? t.id : undefined })} /> compare
                </label>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BlockRow(props: { blockId: string; block?: TryBlockView; running: boolean; compared?: TryBlockView; compareLabel?: string }) {
  const { block, blockId } = props;
  return (
    <li className={`try-block${block?.error ? ' failed' : ''}`} data-testid={`try-block-${blockId}`}>
      <div className="try-block-head">
        <span className="try-block-name">
          {block?.blockType ?? ''} <span className="muted">({blockId})</span>
        </span>
        {props.running && <ProgressRing className="try-ring" />}
        {block && (
          <span className="muted" data-testid={`try-block-figures-${blockId}`}>
            {formatTryDuration(block.durationMs)} · {tokensText(block.usage)}
            {block.reused ? ' · reused' : ''}
          </span>
        )}
        <button className="link-button" title="Select this block on the canvas and show its template in the text editor" onClick={() => dispatch({ type: 'goToSource', blockId })}>
          <Codicon name="go-to-file" /> Go to source
        </button>
      </div>
      {block?.error && (
        <div className="error-box" data-testid={`try-block-error-${blockId}`}>
          <Codicon name="error" /> {block.error.message}
          {block.error.field && block.error.line !== undefined && (
            <span className="error-where">
              {' '}
              — {block.error.field}, line {block.error.line}
              {block.error.column !== undefined ? `, column ${block.error.column}` : ''}
            </span>
          )}
        </div>
      )}
      <div className={props.compareLabel ? 'try-compare' : undefined}>
        {block?.output && <pre className="try-json" data-testid={`try-block-output-${blockId}`}>{JSON.stringify(block.output, null, 2)}</pre>}
        {props.compareLabel && (
          <div>
            <div className="muted">{props.compareLabel}</div>
            <pre className="try-json compared">{props.compared?.output ? JSON.stringify(props.compared.output, null, 2) : props.compared?.error?.message ?? '—'}</pre>
          </div>
        )}
      </div>
    </li>
  );
}

/** The blocks to list: those the shown try ran, then any the compared one ran beyond them. */
function blockIds(shown: TryView, compared: TryView | undefined): string[] {
  const ids = shown.blocks.map((b) => b.blockId);
  for (const b of compared?.blocks ?? []) if (!ids.includes(b.blockId)) ids.push(b.blockId);
  return ids;
}

function tryLabel(t: TryView): string {
  return `${t.seedLabel} at ${new Date(t.startedAt).toLocaleTimeString()}`;
}
