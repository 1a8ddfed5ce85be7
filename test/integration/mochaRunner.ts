// Runs mocha suites bundled into a test entry (dist/test/integration.js, dist/test/integrationTrust.js) inside
// VS Code's extension host, and writes the outcome as JSON to $DATAGENFLOW_TEST_RESULTS, because the extension
// host's stdout does not reach the code-server runner.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

interface TestFailure {
  title: string;
  error: string;
  stack?: string;
}

export interface TestResults {
  passed: number;
  failed: number;
  failures: TestFailure[];
}

/** `load` imports the suites (a dynamic import, so it runs after mocha's globals exist). */
export async function runBundledSuites(load: () => Promise<unknown>): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000 });
  // DATAGENFLOW_TEST_GREP=<text> runs only the tests whose full title contains it (quicker loops while developing).
  if (process.env.DATAGENFLOW_TEST_GREP) mocha.grep(process.env.DATAGENFLOW_TEST_GREP);
  // What mocha.loadFiles() does per file, done once for the bundle: the suites call describe/it at import time,
  // so the globals must exist before they are evaluated (esbuild keeps a dynamic import lazy).
  mocha.suite.emit('pre-require', globalThis, 'suites', mocha);
  try {
    await load();
  } catch (error) {
    writeResults({ passed: 0, failed: 1, failures: [failure('loading the integration suites', error)] });
    throw error;
  }
  mocha.suite.emit('require', undefined, 'suites', mocha);
  mocha.suite.emit('post-require', globalThis, 'suites', mocha);

  // The code-server runner forwards the host's log lines from this marker on.
  console.log('[datagenflow] integration tests start');
  const results = await runMocha(mocha);
  writeResults(results);
  if (results.failed > 0) throw new Error(`${results.failed} integration test(s) failed`);
}

function writeResults(results: TestResults): void {
  const resultsFile = process.env.DATAGENFLOW_TEST_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

function failure(title: string, error: unknown): TestFailure {
  const err = error instanceof Error ? error : new Error(String(error));
  return { title, error: err.message, stack: err.stack };
}

function runMocha(mocha: Mocha): Promise<TestResults> {
  const results: TestResults = { passed: 0, failed: 0, failures: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', () => {
      results.passed += 1;
    });
    // Also fires for failed hooks, which then count as failures under the hook's title.
    runner.on('fail', (test, error: unknown) => {
      results.failed += 1;
      results.failures.push(failure(test.fullTitle(), error));
    });
  });
}
