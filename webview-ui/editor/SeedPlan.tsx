import type { EditorPlan, EditorSeedFile } from '../../src/shared/editorProtocol';
import { Codicon } from '../common/toolkit';
import { client } from './editorClient';

/** The seed file's name from its workspace-relative path. */
function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

function PlanText({ plan }: { plan: EditorPlan | undefined }) {
  if (!plan || plan.state === 'no-seeds') return <span className="muted dgf-plan" data-testid="plan" data-state="no-seeds" title="Choose a seed file to see what a run over it would take" />;
  if (plan.state === 'planning') {
    return (
      <span className="muted dgf-plan" data-testid="plan" data-state="planning" title={`Planning a run over ${plan.seedFile}…`}>
        planning…
      </span>
    );
  }
  if (plan.state === 'unavailable') {
    return (
      <span className="muted dgf-plan" data-testid="plan" data-state="unavailable" title={plan.reason}>
        <Codicon name="info" /> plan unavailable
      </span>
    );
  }
  return (
    <span className="dgf-plan" data-testid="plan" data-state="ready" title={plan.details.join('\n')}>
      {plan.summary}
    </span>
  );
}

/**
 * The header's seed file chooser (DataGenFlow: Choose Seed File for Pipeline) and the plan of a run over that file:
 * `~N calls · ~T tokens · ~$C`, per block and the plan's notes in the tooltip.
 */
export function SeedPlan({ seedFile, plan }: { seedFile: EditorSeedFile | undefined; plan: EditorPlan | undefined }) {
  const path = seedFile?.path;
  return (
    <span className="dgf-seedplan">
      <button
        className="dgf-seed-file"
        data-testid="seed-file"
        title={path ? `Seed file: ${path} (its fields are offered in templates; the plan is for it). Choose another…` : 'Choose the seed file this pipeline runs on: its fields are offered in templates and the plan is for it'}
        onClick={() => void client.request('chooseSeedFile', {})}
      >
        <Codicon name="file" />
        <span className="dgf-seed-name">{path ? baseName(path) : 'No seed file'}</span>
      </button>
      <PlanText plan={plan} />
    </span>
  );
}
