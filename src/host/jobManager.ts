import * as vscode from 'vscode';
import type { BlockRegistry } from '../core/blocks/blockTypes';
import { LimiterRegistry } from '../core/llm/adaptiveLimiter';
import type { ResponseCacheMode } from '../core/cache/cacheTypes';
import { withResponseCache } from '../core/cache/responseCache';
import { OpenAiLlmClient } from '../core/llm/openAiClient';
import { batchJobMetadata, resumeBatchJob, startBatchJob } from '../core/batch/batchJobLauncher';
import { resumeJob, startJob, type LaunchResult, type NewRun, type ResumeMode } from '../core/run/jobLauncher';
import { hostBatchLaunch } from './batchLaunch';
import type { RunProgress } from '../core/run/runTypes';
import { readSettings, workspaceFolder } from './hostSettings';
import type { Logger } from './logger';
import { isFolder, readSeedFolder } from './seedFolders';
import { percentDone, progressMessage } from './progressText';
import type { SecretKeys } from './secretKeys';
import type { StoreService } from './storeService';

const UPDATE_EVERY_MS = 250;

export interface RunningJob {
  jobId?: number;
  pipelineName: string;
  controller: AbortController;
  progress?: RunProgress;
}

/**
 * One job at a time per workspace: runs it under a cancellable progress notification whose token aborts the
 * runner and, through it, every in-flight request. A status bar item shows it everywhere.
 */
export class JobManager implements vscode.Disposable {
  private current?: RunningJob;
  private readonly limiters = new LimiterRegistry();
  private readonly statusItem = vscode.window.createStatusBarItem('datagenflow.job', vscode.StatusBarAlignment.Left, 50);
  private readonly changed = new vscode.EventEmitter<RunningJob | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly store: StoreService,
    private readonly keys: SecretKeys,
    private readonly registry: () => BlockRegistry,
    private readonly log: Logger,
  ) {
    this.statusItem.name = 'DataGenFlow job';
    this.statusItem.command = 'datagenflow.jobs.focus';
  }

  get running(): RunningJob | undefined {
    return this.current;
  }

  cancel(): boolean {
    if (!this.current) return false;
    this.log.info(`Cancelling job ${this.current.jobId ?? '(starting)'}`);
    this.current.controller.abort();
    return true;
  }

  /** `responseCache`: how the run uses stored answers (Re-run with changes: reuse); default datagenflow.responseCache. */
  /** `batch`: run it as a batch job through the provider's Batch API (see src/core/batch). */
  generate(run: NewRun, options: { responseCache?: ResponseCacheMode; batch?: boolean } = {}): Promise<LaunchResult | undefined> {
    if (options.batch) return this.track(run.pipeline.name, (ctx) => startBatchJob(ctx, this.batchLaunch(), run));
    return this.track(run.pipeline.name, (ctx) => startJob(ctx, run), options.responseCache);
  }

  /** A batch job resumes as one (its batches are polled again; only what is missing is asked); retry runs online. */
  resume(jobId: number, mode: ResumeMode, pipelineName: string, isBatch = false): Promise<LaunchResult | undefined> {
    const folder = workspaceFolder();
    const readSeeds = async (path: string) => {
      const uri = path.startsWith('/') || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
      const fromDisk = async (u: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(u));
      if (await isFolder(uri)) return readSeedFolder(uri, fromDisk);
      // A file on disk: the resumed run reads its seeds from it instead of keeping its text.
      const text = await fromDisk(uri);
      return uri.scheme === 'file' ? { text, file: uri.fsPath } : text;
    };
    return this.track(pipelineName, (ctx) => {
      const job = ctx.store.jobRow(jobId);
      return mode === 'resume' && (isBatch || (job && batchJobMetadata(job))) ? resumeBatchJob(ctx, this.batchLaunch(), jobId, readSeeds) : resumeJob(ctx, jobId, mode, readSeeds);
    });
  }

  private batchLaunch() {
    const path = this.store.path();
    if (!path) throw new Error('Open a folder first: a batch job keeps its state beside the workspace database.');
    return hostBatchLaunch(readSettings(workspaceFolder()), this.keys, path);
  }

  private async track(pipelineName: string, launch: (ctx: Parameters<typeof startJob>[0]) => Promise<LaunchResult>, responseCache?: ResponseCacheMode): Promise<LaunchResult | undefined> {
    if (this.current) throw new Error(`Job ${this.current.jobId ?? ''} (${this.current.pipelineName}) is still running.`);
    const opened = await this.store.get();
    if (opened.readOnly) throw new Error(`The database is in use by another window or a CLI run (${opened.lockedBy?.holder ?? 'unknown'}, pid ${opened.lockedBy?.pid ?? '?'}): close it there to run jobs here.`);
    const settings = readSettings(workspaceFolder());
    const client = new OpenAiLlmClient({
      settings,
      keys: (name) => this.keys.modelKey(name),
      limiters: this.limiters,
      onEvent: (e) => this.log.info(e.type === 'retry' ? `retry ${e.attempt} (${e.kind}) in ${Math.round(e.delayMs)} ms: ${e.message}` : `rate limited by ${e.baseUrl} (${e.model}): limit ${e.limit}`),
    });
    // The workspace's response cache (answers stored in every mode; read in reuse and replay): one per run.
    const folder = workspaceFolder();
    const llm = folder
      ? withResponseCache(client, { workspaceRoot: folder.uri.fsPath, settings, mode: responseCache ?? settings.responseCache, onWarning: (m) => this.log.warn(m) })
      : client;
    const job: RunningJob = { pipelineName, controller: new AbortController() };
    this.current = job;
    this.changed.fire(job);
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `DataGenFlow: ${pipelineName}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => job.controller.abort());
          let shown = 0;
          let last = 0;
          const update = (p: RunProgress, force = false) => {
            job.progress = p;
            const now = Date.now();
            if (!force && now - last < UPDATE_EVERY_MS) return;
            last = now;
            const pct = percentDone(p);
            progress.report({ message: `${pct}% · ${progressMessage(p)}`, increment: pct - shown });
            shown = pct;
            this.statusItem.text = `$(sync~spin) DataGenFlow job ${job.jobId ?? ''} ${pct}%`;
            this.statusItem.tooltip = `${pipelineName}: ${progressMessage(p)}`;
            this.changed.fire(job);
          };
          const result = await launch({
            store: opened.store,
            registry: this.registry(),
            llm,
            settings,
            signal: job.controller.signal,
            secrets: (name) => this.keys.secret(name),
            log: (m) => this.log.info(m),
            onJobCreated: (row) => {
              job.jobId = row.id;
              this.statusItem.text = `$(sync~spin) DataGenFlow job ${row.id}`;
              this.statusItem.show();
              this.store.notifyChanged();
            },
            onProgress: (p) => {
              update(p);
              if (p.succeeded + p.failed > 0) this.store.notifyChanged();
            },
          });
          update(result.summary, true);
          return result;
        },
      );
    } finally {
      this.current = undefined;
      this.statusItem.hide();
      this.changed.fire(undefined);
      this.store.notifyChanged();
    }
  }

  dispose(): void {
    this.cancel();
    this.statusItem.dispose();
    this.changed.dispose();
  }
}
