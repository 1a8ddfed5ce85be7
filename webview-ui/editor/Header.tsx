import { useRef, useState } from 'react';
import type { EditorProblem } from '../../src/shared/editorProtocol';
import { Button, Codicon, TextField } from '../common/toolkit';
import { client, sendEdit, useEditorState } from './editorClient';
import { ProblemList } from './ProblemList';
import { SeedPlan } from './SeedPlan';
import { useHeaderFit } from './useHeaderFit';

interface HeaderProps {
  name: string;
  constraintsOpen: boolean;
  onToggleConstraints(): void;
  problems: EditorProblem[];
  trusted: boolean;
  onAutoLayout(): void;
  onFitView(): void;
}

/**
 * Editable pipeline name, Valid/Invalid with the problems, layout and view buttons, Generate. One line at any
 * width: when the labels do not fit, the secondary buttons become icons with tooltips (useHeaderFit).
 */
export function Header({ name, constraintsOpen, onToggleConstraints, problems, trusted, onAutoLayout, onFitView }: HeaderProps) {
  const [open, setOpen] = useState(false);
  const errors = problems.filter((p) => p.severity === 'error');
  const valid = errors.length === 0;
  const warnings = problems.length - errors.length;
  const ref = useRef<HTMLElement>(null);
  const density = useHeaderFit(ref, `${errors.length}/${warnings}/${trusted}`);
  const validity = valid ? 'Valid' : `Invalid (${errors.length})`;
  const { seedFile, plan } = useEditorState();
  return (
    <header ref={ref} className={`dgf-header density-${density}`} data-testid="header" data-density={density}>
      <TextField
        className="dgf-name"
        value={name}
        ariaLabel="Pipeline name"
        data-testid="pipeline-name"
        onChange={(v) => {
          if (v.trim()) void sendEdit({ kind: 'renamePipeline', name: v.trim() });
        }}
      />
      <button
        className={`dgf-validity ${valid ? 'valid' : 'invalid'}`}
        data-testid="validity"
        aria-expanded={open}
        title={valid ? (problems.length ? `${problems.length} warning(s)` : 'No problems') : 'Show the problems'}
        aria-label={`${validity}${warnings ? `, ${warnings} warning(s)` : ''}: show the problems`}
        onClick={() => setOpen(!open)}
      >
        <Codicon name={valid ? 'pass' : 'error'} />
        {density < 2 ? validity : valid ? '' : errors.length}
        {warnings > 0 && (density < 2 ? <span className="muted"> · {warnings} warning(s)</span> : <span className="muted"> · <Codicon name="warning" />{warnings}</span>)}
      </button>
      <SeedPlan seedFile={seedFile} plan={plan} />
      <span className="dgf-spacer" />
      <Button appearance="secondary" title="Limits that stop a job: tokens and time" ariaLabel="Constraints" data-testid="toggle-constraints" onClick={onToggleConstraints}>
        <Codicon name={constraintsOpen ? 'chevron-up' : 'dashboard'} />
        <span className="dgf-label"> Constraints</span>
      </Button>
      <Button appearance="secondary" title="Arrange blocks top to bottom" ariaLabel="Auto-layout" data-testid="auto-layout" onClick={onAutoLayout}>
        <Codicon name="type-hierarchy-sub" />
        <span className="dgf-label"> Auto-layout</span>
      </Button>
      <Button appearance="secondary" title="Fit the pipeline into view" ariaLabel="Fit view" data-testid="fit-view" onClick={onFitView}>
        <Codicon name="screen-full" />
        <span className="dgf-label"> Fit view</span>
      </Button>
      <Button appearance="secondary" title="Reopen this file in the text editor" ariaLabel="Reopen with Text Editor" onClick={() => void client.request('reopenAsText', {})}>
        <Codicon name="go-to-file" />
        <span className="dgf-label"> Text</span>
      </Button>
      <Button
        appearance="secondary"
        data-testid="try-seed"
        disabled={!trusted}
        title={trusted ? 'Run the pipeline on one seed of its seed file (DataGenFlow: Try Seed): no job, each block on its node' : 'Try is disabled in Restricted Mode: trust the workspace to run it.'}
        ariaLabel="Try a seed"
        onClick={() => void client.request('trySeed', {})}
      >
        <Codicon name="beaker" />
        <span className="dgf-label"> Try</span>
      </Button>
      <Button
        data-testid="generate"
        disabled={!trusted}
        title={trusted ? (valid ? 'Run DataGenFlow: Generate for this pipeline' : 'Generate (the pipeline has problems: Generate will list them)') : 'Generate is disabled in Restricted Mode: running a pipeline renders templates and may run custom blocks. Trust the workspace to run it.'}
        onClick={() => void client.request('generate', {})}
      >
        <Codicon name="play" /> Generate
      </Button>
      {!trusted && density < 2 && <span className="muted dgf-restricted">Restricted Mode: editing only</span>}
      {open && (
        <div className="dgf-problems-popover" data-testid="problems">
          <ProblemList problems={problems} />
        </div>
      )}
    </header>
  );
}
