import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UnitResult } from '../../../src/core/records/unitResult';
import type { DatasetReport, JobComparison } from '../../../src/core/report/reportTypes';
import { openWorkspaceStore } from '../../../src/core/store/openWorkspaceStore';
import { addJob, failedUnit, unit } from '../report/reportFixture';
import { runCli, workspace } from './cliHarness';

/** A workspace whose database holds these jobs (each written and finished), as a run would leave it. */
async function workspaceWithJobs(jobs: { results: UnitResult[]; seedsPath?: string }[]): Promise<string> {
  const ws = await workspace({});
  const opened = await openWorkspaceStore(join(ws, '.datagenflow/datagenflow.db'), 'test');
  try {
    for (const { results, seedsPath } of jobs) await addJob(opened.store, results, seedsPath ? { seedsPath } : {});
  } finally {
    await opened.close();
  }
  return ws;
}

const jobA = [
  unit(0, 0, { answer: 'The sky is blue.', score: 2 }),
  unit(1, 0, { answer: "I'm sorry, but I can't help with that.", score: 1 }),
  unit(2, 0, { answer: 'The sky is blue.', score: 3 }),
  failedUnit(3, 0, 'Block answer (TextGenerator): HTTP 500 after 12 ms'),
];
const jobB = [
  unit(0, 0, { answer: 'The sky is a deep blue.', score: 5 }),
  unit(1, 0, { answer: 'Here is the answer.', score: 4 }),
  unit(2, 0, { answer: 'The sky is blue.', score: 1 }),
  unit(3, 0, { answer: 'Now it works.', score: 3 }),
];

describe('CLI report and compare', function () {
  this.timeout(60_000);

  it('report --json prints the dataset report; the default is a text summary', async () => {
    const ws = await workspaceWithJobs([{ results: jobA }]);
    const json = await runCli(['report', '--job', '1', '--json'], { cwd: ws });
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as DatasetReport;
    assert.equal(report.records, 4);
    assert.equal(report.statuses.failed, 1);
    assert.deepEqual(report.failures.map((f) => [f.reason, f.count]), [['Block answer (TextGenerator): HTTP # after # ms', 1]]);
    assert.equal(report.duplicates.exact, 1);
    assert.equal(report.refusals.count, 1);
    assert.deepEqual(report.scoreFields.map((f) => [f.field, f.values.max]), [['score', 3]]);
    const text = await runCli(['report', '--job', '1'], { cwd: ws });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Dataset report — job 1 \(QA pairs, completed\), 4 records/);
    assert.match(text.stdout, /Duplicates: 1 exact, 0 near/);
    assert.match(text.stdout, /Refused answers: 1; empty answers: 0/);
  });

  it('report --html --out writes one self-contained page with SVG charts, the records\' text escaped', async () => {
    const ws = await workspaceWithJobs([{ results: [...jobA, unit(4, 0, { answer: '<script>alert(1)</script>', score: 2 })] }]);
    const result = await runCli(['report', '--job', '1', '--html', '--out', 'report.html'], { cwd: ws });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Report of job 1 written to .*report\.html/);
    const html = await readFile(join(ws, 'report.html'), 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<svg [^>]*role="img">/);
    assert.match(html, /Dataset report — job 1: QA pairs/);
    assert.doesNotMatch(html, /<script/i, 'no script at all, and none from the records');
    assert.doesNotMatch(html, /<link|src="http/, 'nothing loaded from elsewhere');
  });

  it('compare ranks units on a metric and diffs outputs; refuses jobs of different seed files and bad arguments', async () => {
    const ws = await workspaceWithJobs([{ results: jobA }, { results: jobB }, { results: jobB, seedsPath: 'seeds/other.json' }]);
    const json = await runCli(['compare', '--job', '1', '--job', '2', '--json'], { cwd: ws });
    assert.equal(json.code, 0, json.stderr);
    const c = JSON.parse(json.stdout) as JobComparison;
    assert.equal(c.metric, 'score');
    // Job 1's failed unit s3.r0 is a unit too: its record differs from job 2's success.
    assert.deepEqual(c.units, { both: 4, onlyA: 0, onlyB: 0, better: 2, worse: 1, same: 0, changed: 4 });
    assert.deepEqual(c.better.map((u) => [u.unitKey, u.delta]), [['s0.r0', 3], ['s1.r0', 3]], 'ties in unit order');
    assert.deepEqual(c.worse.map((u) => [u.unitKey, u.delta]), [['s2.r0', -2]]);
    assert.ok(c.changed[0].diffs.some((d) => d.field === 'answer' && d.parts.some((p) => p.kind === 'added' && p.text.includes('deep'))));
    const text = await runCli(['compare', '--job', '1', '--job', '2'], { cwd: ws });
    assert.match(text.stdout, /on score \(higher is better\): 2 better, 1 worse, 0 the same/);

    const mismatch = await runCli(['compare', '--job', '1', '--job', '3'], { cwd: ws });
    assert.equal(mismatch.code, 1);
    assert.match(mismatch.stderr, /Job 1 ran over seeds\/topics\.json and job 3 over seeds\/other\.json: only jobs of the same seed file can be compared unit by unit/);
    const unknownMetric = await runCli(['compare', '--job', '1', '--job', '2', '--metric', 'nope'], { cwd: ws });
    assert.equal(unknownMetric.code, 1);
    assert.match(unknownMetric.stderr, /no numeric field 'nope' in common \(they have: score\)/);
    assert.equal((await runCli(['compare', '--job', '1'], { cwd: ws })).code, 2);
    assert.equal((await runCli(['report', '--job', '1', '--json', '--html'], { cwd: ws })).code, 2);
    const missing = await runCli(['report', '--job', '9'], { cwd: ws });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /There is no job 9/);
  });
});
