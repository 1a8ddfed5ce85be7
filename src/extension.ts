import * as vscode from 'vscode';
import { generateDialogs, type GenerateDialogs } from './commands/generateDialogs';
import { registerCommands } from './commands/registerCommands';
import { reattachBatchJobs } from './host/batchReattach';
import { EditorSessions } from './editor/editorSessions';
import { PipelineEditorProvider } from './editor/pipelineEditorProvider';
import { CustomBlocksHost } from './host/customBlocks';
import { ProblemDiagnostics } from './host/diagnostics';
import { JobManager } from './host/jobManager';
import { createLogger } from './host/logger';
import { watchPipelineDiagnostics } from './host/pipelineDiagnostics';
import { registerPipelineQuickFixes } from './host/pipelineQuickFixProvider';
import { SecretKeys } from './host/secretKeys';
import type { Services } from './host/services';
import { registerPromptPreview } from './language/registerPromptPreview';
import { registerTemplateLanguage } from './language/registerTemplateLanguage';
import { registerTry, type TryApi } from './try/registerTry';
import { StoreService } from './host/storeService';
import { createJobsView, type JobsView } from './jobs/jobsView';
import { registerReview, type ReviewApi } from './review/registerReview';
import { registerReport, type ReportApi } from './report/registerReport';

let services: Services | undefined;

/**
 * Wiring only: activation registers commands and views and returns at once; the database opens on first use.
 * Returns the test API in ExtensionMode.Test (the integration tests), nothing otherwise.
 */
export function activate(context: vscode.ExtensionContext): DataGenFlowApi | undefined {
  const testHooks = context.extensionMode === vscode.ExtensionMode.Test;
  const channel = vscode.window.createOutputChannel('DataGenFlow', { log: true });
  const keys = new SecretKeys(context.secrets);
  const log = createLogger(channel, () => keys.values());
  const store = new StoreService(log);
  const customBlocks = new CustomBlocksHost(log);
  const registry = () => customBlocks.registry();
  const jobs = new JobManager(store, keys, registry, log);
  const diagnostics = new ProblemDiagnostics();
  services = { context, log, keys, store, jobs, diagnostics, registry, onDidChangeRegistry: customBlocks.onDidChange };
  const editors = testHooks ? new EditorSessions() : undefined;
  const editor = PipelineEditorProvider.register(services, editors);
  const jobsView = createJobsView(services);
  const review = registerReview(services, testHooks);
  const tries = registerTry(services, testHooks);
  const reports = registerReport(services, review.shownJob, testHooks);
  const preview = registerPromptPreview(services);
  preview.provider.previousOutputs = (pipeline) => tries.service.previousOutputs(pipeline);
  // A finished try gives later blocks' previews real earlier answers instead of placeholders.
  const previewsFollowTries = tries.service.onDidUpdate((u) => {
    if (u.event.type === 'finished') preview.provider.refreshPipeline(u.pipeline);
  });
  context.subscriptions.push(
    ...review.disposables,
    previewsFollowTries,
    jobsView,
    channel,
    customBlocks,
    jobs,
    diagnostics,
    vscode.commands.registerCommand('datagenflow.showLog', () => channel.show()),
    ...registerCommands(services),
    watchPipelineDiagnostics(services),
    registerPipelineQuickFixes(services),
    ...registerTemplateLanguage(services),
    ...preview.disposables,
    ...tries.disposables,
    ...reports.disposables,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('datagenflow.databasePath')) void store.reopen();
    }),
    editor,
  );
  log.info('DataGenFlow activated');
  // Batch jobs left waiting for their provider go on polling (after activation returns; nothing to do is one readdir).
  setTimeout(() => {
    if (services) void reattachBatchJobs(services).catch((e: unknown) => log.error('Could not resume waiting batch jobs', e));
  }, 0);
  return editors && review.api && tries.api && reports.api && { log: channel, services, jobsView, editors, review: review.api, generate: generateDialogs, tries: tries.api, reports: reports.api };
}

/** Closing the database writes its final snapshot and releases the lock for the next window or CLI run. */
export async function deactivate(): Promise<void> {
  await services?.store.dispose();
  services = undefined;
}

/** What the extension exports to its integration tests (ExtensionMode.Test only). */
export interface DataGenFlowApi {
  log: vscode.LogOutputChannel;
  services: Services;
  jobsView: JobsView;
  /** The open pipeline canvases (tests send protocol requests and watch snapshots through it). */
  editors: EditorSessions;
  review: ReviewApi;
  /** Generate's cost confirmation and finished notification (see GenerateDialogs). */
  generate: GenerateDialogs;
  /** Tries: the service, the panel and what the panel was sent. */
  tries: TryApi;
  /** The Report panel and every view it was sent. */
  reports: ReportApi;
}
