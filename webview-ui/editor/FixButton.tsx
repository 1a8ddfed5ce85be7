import type { EditorFix } from '../../src/shared/editorProtocol';
import { Button, Codicon } from '../common/toolkit';
import { sendEdit } from './editorClient';

/** Applies a problem's fix as an ordinary edit of the document (undo in the text editor takes it back). */
export function FixButton({ fix }: { fix: EditorFix }) {
  return (
    <Button appearance="secondary" className="dgf-fix" data-testid="problem-fix" title={fix.title} ariaLabel={fix.title} onClick={() => void sendEdit(fix.edit)}>
      <Codicon name="lightbulb" /> {fix.title}
    </Button>
  );
}
