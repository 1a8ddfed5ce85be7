// Test entry of the Restricted-Mode run (extensionTestsPath = dist/test/integrationTrust.js): the runner opens the
// workspace in a code-server with Workspace Trust on and the folder untrusted.
import { runBundledSuites } from '../mochaRunner';

export function run(): Promise<void> {
  return runBundledSuites(() => import('./trust.test'));
}
