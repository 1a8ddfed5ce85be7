import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { JobsTreeProvider, type JobsTreeElement } from './jobsTreeProvider';
import { Throttle } from '../host/throttle';

/** A running job reports progress many times a second; the tree follows at most twice a second. */
const REFRESH_EVERY_MS = 500;
/** Relative times ("5 min ago") go stale without any database change. */
const AGE_TICK_MS = 60_000;

export interface JobsView extends vscode.Disposable {
  provider: JobsTreeProvider;
  treeView: vscode.TreeView<JobsTreeElement>;
}

/**
 * The Jobs view: refreshed (throttled) on database and job changes while visible. Changes while it is hidden
 * only mark it stale, so a hidden view costs nothing and never opens the database.
 */
export function createJobsView(services: Services): JobsView {
  const provider = new JobsTreeProvider(services);
  // canSelectMany: Compare Jobs acts on two selected jobs; the other item commands act on the item clicked.
  const treeView = vscode.window.createTreeView('datagenflow.jobs', { treeDataProvider: provider, canSelectMany: true });
  const throttle = new Throttle(REFRESH_EVERY_MS, () => provider.refresh());
  let stale = false;
  const request = () => {
    if (treeView.visible) throttle.schedule();
    else stale = true;
  };
  const ageTicker = setInterval(() => treeView.visible && throttle.schedule(), AGE_TICK_MS);
  treeView.message = provider.message;
  const subscriptions: vscode.Disposable[] = [
    services.store.onDidChange(request),
    services.jobs.onDidChange(request),
    provider.onDidChangeMessage((message) => (treeView.message = message)),
    treeView.onDidChangeVisibility(({ visible }) => {
      if (!visible || !stale) return;
      stale = false;
      throttle.schedule();
    }),
  ];
  return {
    provider,
    treeView,
    dispose: () => {
      clearInterval(ageTicker);
      throttle.dispose();
      for (const s of subscriptions) s.dispose();
      treeView.dispose();
      provider.dispose();
    },
  };
}
