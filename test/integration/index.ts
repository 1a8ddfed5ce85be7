// Test entry loaded by VS Code's extension host (extensionTestsPath = dist/test/integration.js): every suite of
// ./suites, run by mocha (see mochaRunner). test/integration/trust/index.ts is the Restricted-Mode entry.
import { runBundledSuites } from './mochaRunner';

export type { TestResults } from './mochaRunner';

export function run(): Promise<void> {
  return runBundledSuites(() => import('./suites'));
}
