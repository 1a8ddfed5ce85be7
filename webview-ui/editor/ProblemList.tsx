import type { EditorProblem } from '../../src/shared/editorProtocol';
import { Codicon } from '../common/toolkit';
import { client } from './editorClient';
import { FixButton } from './FixButton';

/** Problems with their line and column; clicking one reveals it in the text editor; a fix is a button. */
export function ProblemList({ problems }: { problems: EditorProblem[] }) {
  if (problems.length === 0) return <p className="muted">No problems.</p>;
  return (
    <ul className="dgf-problem-list">
      {problems.map((p, i) => (
        <li key={i} className={p.severity}>
          <Codicon name={p.severity === 'error' ? 'error' : 'warning'} />
          <span>
            {p.line !== undefined && (
              <button className="dgf-link mono" title="Show in the text editor" onClick={() => void client.request('revealInText', { line: p.line!, column: p.column ?? 1 })}>
                Ln {p.line}, Col {p.column}
              </button>
            )}{' '}
            {p.message}
            {p.fix && (
              <>
                {' '}
                <FixButton fix={p.fix} />
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
