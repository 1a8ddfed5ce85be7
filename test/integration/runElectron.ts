// `npm run test:electron`: the same suite in desktop VS Code via @vscode/test-electron, for machines with internet
// (it downloads VS Code). Where only the npm registry is reachable, use `npm run test:integration` instead.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import type { TestResults } from './index';

// This file runs as dist/test/runElectron.js.
const repoRoot = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  const runDir = mkdtempSync(path.join(tmpdir(), 'datagenflow-electron-'));
  const workspace = path.join(runDir, 'workspace');
  cpSync(path.join(repoRoot, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  const resultsFile = path.join(runDir, 'results.json');
  try {
    await runTests({
      // VSCODE_TEST_VERSION=1.100.3 checks the oldest VS Code that package.json's engines.vscode admits.
      version: process.env.VSCODE_TEST_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'dist', 'test', 'integration.js'),
      extensionTestsEnv: { DATAGENFLOW_TEST_RESULTS: resultsFile },
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--user-data-dir',
        path.join(runDir, 'user-data'),
        '--extensions-dir',
        path.join(runDir, 'extensions'),
      ],
    });
  } catch (error) {
    console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!existsSync(resultsFile)) {
    console.error(`[electron] the test entry wrote no results; kept ${runDir}`);
    return 1;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as TestResults;
  console.log(`${results.passed} passed, ${results.failed} failed`);
  const ok = results.failed === 0 && results.passed > 0;
  if (ok) rmSync(runDir, { recursive: true, force: true });
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
