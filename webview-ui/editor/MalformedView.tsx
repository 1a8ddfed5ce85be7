import { useEffect } from 'react';
import type { EditorSnapshot } from '../../src/shared/editorProtocol';
import { Button, Codicon } from '../common/toolkit';
import { client, reportRendered } from './editorClient';
import { ProblemList } from './ProblemList';

/** Shown instead of the canvas when the text is not a pipeline (bad JSON, wrong shape): never a blank editor. */
export function MalformedView({ snapshot }: { snapshot: EditorSnapshot }) {
  const errors = snapshot.problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  useEffect(() => {
    reportRendered({ version: snapshot.version, nodes: 0 });
  }, [snapshot.version]);
  return (
    <div className="dgf-malformed" data-testid="malformed">
      <h2>
        <Codicon name="warning" /> {snapshot.fileName} cannot be shown on the canvas
      </h2>
      <p>
        {first?.line !== undefined ? `Line ${first.line}, column ${first.column}: ` : ''}
        {first?.message ?? 'The file is not a pipeline.'}
      </p>
      <p className="muted">Fix the file in the text editor; the canvas comes back as soon as the text is a pipeline again.</p>
      <Button data-testid="reopen-text" onClick={() => void client.request('reopenAsText', {})}>
        <Codicon name="go-to-file" /> Reopen with Text Editor
      </Button>
      {errors.length > 1 && <ProblemList problems={errors} />}
    </div>
  );
}
