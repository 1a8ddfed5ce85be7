import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

/** The layer rules of eslint.config.mjs, checked on snippets placed (virtually) in each layer. */
describe('lint layer rules', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: join(__dirname, '../../..') });
  const errorsFor = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: join(__dirname, '../../..', file) });
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('src/core may not import vscode', async () => {
    const errors = await errorsFor('src/core/run/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n");
    assert.equal(errors.length, 1);
    assert.match(errors[0], /must run in plain Node/);
  });

  it('src/shared may not import vscode, node or core', async () => {
    assert.equal((await errorsFor('src/shared/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.equal((await errorsFor('src/shared/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).length, 1);
    assert.equal((await errorsFor('src/shared/x.ts', "import { runJob } from '../core/run/jobRunner';\nexport const r = runJob;\n")).length, 1);
  });

  it('webviews may import src/shared but nothing else of the extension', async () => {
    assert.equal((await errorsFor('webview-ui/editor/x.ts', "import { runJob } from '../../src/core/run/jobRunner';\nexport const r = runJob;\n")).length, 1);
    assert.equal((await errorsFor('webview-ui/editor/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n")).length, 1);
    assert.deepEqual(await errorsFor('webview-ui/editor/x.ts', "import type { Problem } from '../../src/shared/x';\nexport type P = Problem;\n"), []);
  });

  it('src/host may import vscode', async () => {
    assert.deepEqual(await errorsFor('src/host/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
  });
});
