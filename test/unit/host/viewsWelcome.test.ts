import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { viewsWelcomeShown, type ViewsWelcomeEntry } from '../../fixtures/viewsWelcomeShown';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { viewsWelcome: ViewsWelcomeEntry[] } };
const entries = manifest.contributes.viewsWelcome;
const jobsWelcome = (workbenchState: string, isWorkspaceTrusted: boolean) => viewsWelcomeShown(entries, 'datagenflow.jobs', { workbenchState, isWorkspaceTrusted });

describe('the Jobs view welcome (package.json viewsWelcome)', () => {
  it('offers Generate in a trusted folder', () => {
    const shown = jobsWelcome('folder', true);
    assert.equal(shown.length, 1);
    assert.match(shown[0].contents, /\[Generate\]\(command:datagenflow\.generate\)/);
    assert.match(shown[0].contents, /command:datagenflow\.newPipelineFromTemplate/);
  });

  it('in Restricted Mode says why nothing runs and offers no Generate button that would refuse', () => {
    for (const state of ['folder', 'workspace']) {
      const shown = jobsWelcome(state, false);
      assert.equal(shown.length, 1, `one welcome text in an untrusted ${state}`);
      assert.doesNotMatch(shown[0].contents, /command:datagenflow\.(generate|resumeJob|retryFailed|newCustomBlock)\b/);
      assert.match(shown[0].contents, /Restricted Mode/);
      assert.match(shown[0].contents, /\(command:workbench\.trust\.manage\)/, 'a way to trust the folder');
      assert.match(shown[0].contents, /\(command:datagenflow\.newPipelineFromTemplate\)/, 'what still works');
    }
  });

  it('asks for a folder in an empty window, whatever the trust', () => {
    for (const trusted of [true, false]) {
      const shown = jobsWelcome('empty', trusted);
      assert.equal(shown.length, 1);
      assert.match(shown[0].contents, /command:workbench\.action\.files\.openFolder/);
    }
  });
});
