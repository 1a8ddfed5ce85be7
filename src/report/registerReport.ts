import * as vscode from 'vscode';
import { jobIdOf } from '../commands/jobCommandArgs';
import { resolveJob } from '../commands/jobPick';
import type { JobRow } from '../core/store/storeTypes';
import type { Services } from '../host/services';
import type { ReportView } from '../shared/reportProtocol';
import { REPORT_VIEW_TYPE, ReportPanel } from './reportPanel';

/** What the integration tests see (ExtensionMode.Test only): the panel and every view it was sent. */
export interface ReportApi {
  panel(): ReportPanel | undefined;
  views: ReportView[];
}

const hasRecords = (job: JobRow) => (job.generated + job.failed > 0 ? undefined : `Job #${job.id} (${job.pipelineName}) has no records to report on yet.`);

/**
 * DataGenFlow: Dataset Report (Jobs view item, the Review panel's title bar with its job, or the palette → pick a
 * job) and DataGenFlow: Compare Jobs (two jobs selected in the Jobs view, or picked one after the other). One
 * Report panel per window, showing the last report or comparison asked for.
 */
export function registerReport(services: Services, reviewedJob: () => number | undefined, testHooks: boolean): { api?: ReportApi; disposables: vscode.Disposable[] } {
  let current: ReportPanel | undefined;
  const views: ReportView[] = [];
  const panel = (): ReportPanel => {
    if (current) return current;
    const webviewPanel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'DataGenFlow Report', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, retainContextWhenHidden: false });
    const created = new ReportPanel(webviewPanel, services, {
      ...(testHooks ? { onView: (view: ReportView) => void views.push(view) } : {}),
      onDispose: () => {
        if (current === created) current = undefined;
      },
    });
    current = created;
    return created;
  };
  const report = async (arg?: unknown): Promise<number | undefined> => {
    const picked = await resolveJob(services, jobIdOf(arg) ?? reviewedJobIfPanel(arg, reviewedJob), { title: 'Dataset report of which job?', refusal: hasRecords, none: 'No job has records yet: run DataGenFlow: Generate first' });
    if (!picked) return undefined;
    void panel().show({ kind: 'report', jobId: picked.job.id });
    return picked.job.id;
  };
  const compare = async (arg?: unknown, selection?: unknown): Promise<[number, number] | undefined> => {
    const selected = Array.isArray(selection) ? selection.map(jobIdOf).filter((id): id is number => id !== undefined) : [];
    const given = Array.isArray(arg) ? arg.map(jobIdOf).filter((id): id is number => id !== undefined) : [];
    let ids = selected.length === 2 ? selected : given.length === 2 ? given : undefined;
    if (!ids) {
      const first = await resolveJob(services, jobIdOf(arg), { title: 'Compare which job…', refusal: hasRecords, none: 'No job has records yet: run DataGenFlow: Generate first' });
      if (!first) return undefined;
      const second = await resolveJob(services, undefined, {
        title: `…with which job of ${first.job.seedsPath ?? 'the same seeds'}?`,
        refusal: (job) => (job.id === first.job.id ? 'the same job' : job.seedsPath !== first.job.seedsPath ? `Job #${job.id} ran over another seed file.` : hasRecords(job)),
        none: `No other job ran over ${first.job.seedsPath ?? 'the same seeds'}`,
      });
      if (!second) return undefined;
      ids = [first.job.id, second.job.id];
    }
    // Older job first, so "better" reads as the newer job improving on the older one.
    const pair: [number, number] = ids[0] < ids[1] ? [ids[0], ids[1]] : [ids[1], ids[0]];
    void panel().show({ kind: 'compare', jobs: pair });
    return pair;
  };
  return {
    ...(testHooks ? { api: { panel: () => current, views } } : {}),
    disposables: [
      vscode.commands.registerCommand('datagenflow.datasetReport', report),
      vscode.commands.registerCommand('datagenflow.compareJobs', compare),
      { dispose: () => current?.dispose() },
    ],
  };
}

/** No job named: the one the Review panel shows, when the command came from its title bar (a Uri or nothing). */
function reviewedJobIfPanel(arg: unknown, reviewedJob: () => number | undefined): number | undefined {
  return arg === undefined || arg instanceof vscode.Uri || (typeof arg === 'object' && arg !== null && !('job' in arg)) ? reviewedJob() : undefined;
}
