import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '../../..');

/**
 * The layer and dependency rules of eslint.config.mjs, checked on snippets placed (virtually) in each layer, so a
 * rule that stops firing (a renamed folder, a plugin upgrade, a config edit) fails here rather than silently.
 */
describe('lint layer rules', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: root });
  const messagesFor = async (file: string, code: string, ruleId: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return result.messages.filter((m) => m.ruleId === ruleId).map((m) => m.message);
  };
  // src/shared uses typescript-eslint's variant of the rule (it can tell type imports apart); the rest, ESLint's.
  const errorsFor = async (file: string, code: string) => [
    ...(await messagesFor(file, code, 'no-restricted-imports')),
    ...(await messagesFor(file, code, '@typescript-eslint/no-restricted-imports')),
  ];
  const zoneErrorsFor = (file: string, code: string) => messagesFor(file, code, 'import-x/no-restricted-paths');

  it('src/core may not import vscode', async () => {
    const errors = await errorsFor('src/core/run/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0], /must run in plain Node/);
  });

  it('src/shared may not import vscode, node or core', async () => {
    assert.equal((await errorsFor('src/shared/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.equal((await errorsFor('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).length, 1);
    assert.equal((await errorsFor('src/shared/x.ts', "import { runJob } from '../core/run/jobRunner';\nexport const r = runJob;\n")).length, 1);
    assert.equal((await errorsFor('src/shared/x.ts', "import { Throttle } from '../host/throttle';\nexport const t = Throttle;\n")).length, 1);
  });

  it('src/shared may re-export the engine\'s types (type-only imports are erased from webview bundles)', async () => {
    assert.deepEqual(await errorsFor('src/shared/x.ts', "import type { ReviewRecord } from '../core/review/reviewTypes';\nexport type R = ReviewRecord;\n"), []);
    assert.deepEqual(await errorsFor('src/shared/x.ts', "export type * from '../core/review/reviewTypes';\n"), []);
  });

  it('webviews may import src/shared but nothing else of the extension', async () => {
    assert.equal((await errorsFor('webview-ui/editor/x.ts', "import { runJob } from '../../src/core/run/jobRunner';\nexport const r = runJob;\n")).length, 1);
    assert.equal((await errorsFor('webview-ui/editor/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.deepEqual(await errorsFor('webview-ui/editor/x.ts', "import type { Problem } from '../../src/shared/x';\nexport type P = Problem;\n"), []);
  });

  it('src/host may import vscode', async () => {
    assert.deepEqual(await errorsFor('src/host/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
  });

  it('src/core may not import src/shared, not even a type (the engine owns its types)', async () => {
    const errors = await zoneErrorsFor('src/core/pipeline/x.ts', "import type { EditorEdit } from '../../shared/editorProtocol';\nexport type E = EditorEdit;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0], /engine owns its types/);
    assert.equal((await zoneErrorsFor('src/core/errors2.ts', "import type { RpcMethod } from '../shared/rpc';\nexport type R = RpcMethod<1, 2>;\n")).length, 1);
  });

  it('src/core may not import the VS Code adapters or the CLI', async () => {
    const errors = await zoneErrorsFor('src/core/run/x.ts', "import { Throttle } from '../../host/throttle';\nexport const t = Throttle;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0], /never the other way round/);
  });

  it('src/core/blocks may not import src/core/store', async () => {
    const errors = await zoneErrorsFor('src/core/blocks/x.ts', "import { exportJsonl } from '../store/exportJsonl';\nexport const e = exportJsonl;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Blocks do not know the store/);
  });

  it('src/core/store may not import src/core/run, types included; the runner may import the store', async () => {
    const errors = await zoneErrorsFor('src/core/store/x.ts', "import type { RunSummary } from '../run/runTypes';\nexport type S = RunSummary;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0], /store does not import the runner/);
    assert.deepEqual(await zoneErrorsFor('src/core/run/x.ts', "import type { WorkspaceStore } from '../store/workspaceStore';\nexport type W = WorkspaceStore;\n"), []);
    assert.deepEqual(await zoneErrorsFor('src/core/store/x.ts', "import type { UnitResult } from '../records/unitResult';\nexport type U = UnitResult;\n"), []);
  });

  it('src/review and src/jobs may not import each other', async () => {
    const fromReview = await zoneErrorsFor('src/review/x.ts', "import { createJobsView } from '../jobs/jobsView';\nexport const j = createJobsView;\n");
    assert.equal(fromReview.length, 1);
    assert.match(fromReview[0], /do not borrow from each other/);
    assert.equal((await zoneErrorsFor('src/jobs/x.ts', "import { ReviewDiffProvider } from '../review/reviewDiffProvider';\nexport const r = ReviewDiffProvider;\n")).length, 1);
    assert.deepEqual(await zoneErrorsFor('src/review/x.ts', "import { Throttle } from '../host/throttle';\nexport const t = Throttle;\n"), []);
  });

  it('an import cycle is an error (import-x/no-cycle)', async () => {
    // The fixture folder is ignored by `npm run lint`; only this test lints it.
    const unignored = new ESLint({ cwd: root, ignore: false });
    const results = await unignored.lintFiles([join(root, 'test/fixtures/lint/cycle/cycleA.ts')]);
    const cycles = results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'import-x/no-cycle');
    assert.equal(cycles.length, 1, JSON.stringify(results.flatMap((r) => r.messages)));
    assert.match(cycles[0].message, /Dependency cycle/);
  });
});
