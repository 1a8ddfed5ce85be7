import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnitResult } from '../../src/core/records/unitResult';
import type { NewJob } from '../../src/core/store/storeTypes';
import type { CompareJobsView, JobReportView } from '../../src/shared/reportProtocol';
import { extensionApi, waitFor } from './hostTestKit';

const usage = { input_tokens: 100, output_tokens: 40, cached_tokens: 0 };

function unit(seedIndex: number, generated: Record<string, unknown>): UnitResult {
  const metadata = { topic: `topic ${seedIndex}` };
  return { key: `s${seedIndex}.r0`, seedIndex, repetition: 0, status: 'succeeded', metadata, output: { ...metadata, ...generated }, trace: [], usage, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5 };
}

function job(seedsPath: string): NewJob {
  return { pipelinePath: 'report-tests/qa.dgf.json', pipelineName: 'Report test', pipelineSnapshot: { version: 1, name: 'Report test', blocks: [], edges: [] }, pipelineHash: 'sha256:p', seedsPath, seedsHash: `sha256:${seedsPath}`, modelSettings: {}, total: 3 };
}

describe('Dataset report and compare jobs (real VS Code host)', function () {
  this.timeout(90_000);
  const created: number[] = [];

  /** A finished job in the window's own database, as a run leaves it. */
  async function addJob(seedsPath: string, results: UnitResult[]): Promise<number> {
    const { store } = await (await extensionApi()).services.store.get();
    const row = await store.createJob(job(seedsPath));
    const sink = store.recordSink(row.id);
    for (const r of results) await sink.write(r);
    await store.finishJob(row.id, { status: 'completed', elapsedMs: 100, usage: { input_tokens: 300, output_tokens: 120, cached_tokens: 0 }, total: results.length });
    created.push(row.id);
    return row.id;
  }

  after(async () => {
    const api = await extensionApi();
    api.reports.panel()?.dispose();
    const { store } = await api.services.store.get();
    for (const id of created) await store.deleteJob(id);
  });

  it('Dataset Report on a job opens the Report panel, which scans the job and shows its report', async () => {
    const api = await extensionApi();
    const id = await addJob('report-tests/seeds.json', [unit(0, { answer: 'The sky is blue.', score: 2 }), unit(1, { answer: "I'm sorry, but I can't help with that.", score: 1 }), unit(2, { answer: 'The sky is blue.', score: 3 })]);
    const shown = await vscode.commands.executeCommand<number | undefined>('datagenflow.datasetReport', id);
    assert.equal(shown, id);
    let view: JobReportView | undefined;
    await waitFor(() => {
      const last = api.reports.views.at(-1);
      view = last?.kind === 'report' && last.jobId === id && last.report ? last : undefined;
      return view !== undefined;
    }, 'the report was scanned and sent to the panel');
    const report = view?.report;
    assert.ok(report);
    assert.equal(report.records, 3);
    assert.equal(report.duplicates.exact, 1);
    assert.equal(report.refusals.count, 1);
    assert.deepEqual(report.scoreFields.map((f) => [f.field, f.values.max]), [['score', 3]]);
    assert.ok(api.reports.views.some((v) => v.kind === 'report' && v.jobId === id && v.progress !== undefined), 'progress was shown while scanning');
    const panel = api.reports.panel();
    assert.ok(panel);
    assert.equal(panel.panel.title, `Dataset Report: job #${id}`);
    assert.equal(panel.panel.viewType, 'datagenflow.report');
    await waitFor(() => panel.isReady, 'the Report webview loaded its app and said ready');
  });

  it('Compare Jobs with two jobs selected compares them unit by unit, and refuses jobs of different seed files', async () => {
    const api = await extensionApi();
    const a = await addJob('report-tests/compare-seeds.json', [unit(0, { answer: 'Short.', score: 1 }), unit(1, { answer: 'Same.', score: 3 })]);
    const b = await addJob('report-tests/compare-seeds.json', [unit(0, { answer: 'A longer answer.', score: 4 }), unit(1, { answer: 'Same.', score: 3 })]);
    const other = await addJob('report-tests/other-seeds.json', [unit(0, { answer: 'x', score: 1 })]);
    // As the Jobs view's context menu calls it with two items selected: the item clicked, then the selection.
    const pair = await vscode.commands.executeCommand<[number, number] | undefined>('datagenflow.compareJobs', { job: { id: b } }, [{ job: { id: b } }, { job: { id: a } }]);
    assert.deepEqual(pair, [a, b], 'the older job is A');
    let view: CompareJobsView | undefined;
    await waitFor(() => {
      const last = api.reports.views.at(-1);
      view = last?.kind === 'compare' && last.comparison ? last : undefined;
      return view !== undefined;
    }, 'the comparison was sent to the panel');
    const c = view?.comparison;
    assert.ok(c);
    assert.equal(c.metric, 'score');
    assert.deepEqual([c.units.both, c.units.better, c.units.worse, c.units.changed], [2, 1, 0, 1]);
    assert.equal(c.better[0].unitKey, 's0.r0');
    assert.ok(c.better[0].diffs.some((d) => d.field === 'answer'));

    await vscode.commands.executeCommand('datagenflow.compareJobs', undefined, [{ job: { id: a } }, { job: { id: other } }]);
    await waitFor(() => {
      const last = api.reports.views.at(-1);
      return last?.kind === 'compare' && last.error !== undefined;
    }, 'the comparison was refused');
    const refused = api.reports.views.at(-1) as CompareJobsView;
    assert.match(refused.error ?? '', /only jobs of the same seed file can be compared unit by unit/);
  });
});
