import * as vscode from 'vscode';
import { exportDataset, type DatasetExportResult } from '../core/export/exportDataset';
import { EXPORT_FORMAT_INFO, EXPORT_FORMATS, isExportFormat, type ExportFormat } from '../core/export/exportFormats';
import { splitsText } from '../core/export/exportOutcomeText';
import { isJsonObject } from '../core/json/jsonPath';
import type { JobDetail } from '../core/store/storeTypes';
import { workspaceFolder } from '../host/hostSettings';
import type { Services } from '../host/services';
import { relativePath } from '../host/workspaceFiles';
import { jobCommandOptions, type ExportStatus, type JobCommandOptions } from '../commands/jobCommandArgs';
import { resolveJob } from '../commands/jobPick';
import { datasetExportName } from './exportFileName';
import { databasesOf, pickStatus, proposedFolder } from './exportJob';
import type { ExportProblems } from './exportProblems';
import { jobPipelineUri, readJobMappings } from '../host/pipelineMappingDocument';

/** What programmatic callers (the Review panel's export dialog, tests) pass to skip the pickers and dialogs. */
export interface DatasetCommandOptions extends JobCommandOptions {
  format?: ExportFormat;
  /** The `exports` mappings to use instead of the pipeline's (the dialog's unsaved form). */
  mappings?: Record<string, unknown>;
}

export function datasetCommandOptions(arg: unknown): DatasetCommandOptions {
  const options: DatasetCommandOptions = jobCommandOptions(arg);
  if (!isJsonObject(arg)) return options;
  if (arg.format !== undefined) {
    if (!isExportFormat(arg.format)) throw new Error(`Unknown export format ${JSON.stringify(arg.format)}: use one of ${EXPORT_FORMATS.join(', ')}.`);
    options.format = arg.format;
  }
  if (arg.mappings !== undefined) {
    if (!isJsonObject(arg.mappings)) throw new Error('The `mappings` option must be an object (the pipeline\'s "exports").');
    options.mappings = arg.mappings;
  }
  return options;
}

/**
 * DataGenFlow: Export Dataset… — a job's records in a training format (OpenAI chat, Alpaca, ShareGPT, CSV, Parquet,
 * a Hugging Face dataset folder, or DataGenFlow's JSONL), mapped by the pipeline's `exports`. Records that cannot
 * be mapped are left out and listed (ExportProblems). Resolves with what was written.
 */
export async function exportDatasetCommand(services: Services, problems: ExportProblems, arg: unknown, options: DatasetCommandOptions): Promise<DatasetExportResult | undefined> {
  const picked = await resolveJob(services, arg, { title: 'Export which job?', none: 'There are no jobs to export yet: run DataGenFlow: Generate first' });
  if (!picked) return undefined;
  const { opened } = picked;
  const job = opened.store.getJob(picked.job.id);
  if (!job) throw new Error(`Job #${picked.job.id} no longer exists.`);
  const format = options.format ?? (await pickFormat(job));
  if (!format) return undefined;
  const status = options.status ?? (await pickStatus(job, opened.store.statusCounts(job.id)));
  if (!status) return undefined;
  const uri = options.uri ?? (await askTarget(services, job, format, status, options));
  if (!uri) return undefined;
  if (uri.scheme !== 'file') throw new Error(`Choose a location on disk (got ${uri.toString()}).`);
  // DataGenFlow's JSONL is not mapped: the pipeline document is not opened for it.
  const fromFile = options.mappings === undefined && format !== 'jsonl' ? await readJobMappings(job) : undefined;
  const mappings = options.mappings ?? fromFile?.mappings;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Exporting job #${job.id} as ${EXPORT_FORMAT_INFO[format].label}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return exportDataset(opened.store, {
        jobId: job.id,
        format,
        ...(status === 'all' ? {} : { status }),
        outPath: uri.fsPath,
        mappings,
        // The save dialog asked before replacing a file; the database (and a folder of other files) is refused all the same.
        overwrite: 'any',
        databases: databasesOf(services),
        signal: controller.signal,
        onProgress: (done, total) => progress.report({ message: `${done} of ${total} records` }),
      });
    },
  );
  services.log.info(`Exported ${result.count} record(s) of job ${job.id} (${status}) as ${format} to ${result.path}; ${result.unmappedCount} left out`);
  if (result.unmappedCount > 0) problems.report(job, result, fromFile?.source === 'job-snapshot' ? `the snapshot of job #${job.id}` : vscode.workspace.asRelativePath(jobPipelineUri(job)));
  const reveal = 'Reveal';
  void vscode.window.showInformationMessage(`${result.count} record(s) exported as ${EXPORT_FORMAT_INFO[format].label} to ${relativePath(uri)}${splitsText(result.splits)}.`, reveal).then((choice) => {
    if (choice === reveal) void vscode.commands.executeCommand('revealInExplorer', uri);
  });
  return result;
}

async function pickFormat(job: JobDetail): Promise<ExportFormat | undefined> {
  const configured = isJsonObject(job.pipelineSnapshot.exports) ? Object.keys(job.pipelineSnapshot.exports) : [];
  const items = EXPORT_FORMATS.map((format) => ({
    label: EXPORT_FORMAT_INFO[format].label,
    description: configured.includes(format) ? 'mapped in the pipeline' : undefined,
    detail: EXPORT_FORMAT_INFO[format].description,
    format,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: `Export job #${job.id} (${job.pipelineName}) as…` });
  return picked?.format;
}

async function askTarget(services: Services, job: JobDetail, format: ExportFormat, status: ExportStatus, options: DatasetCommandOptions): Promise<vscode.Uri | undefined> {
  const info = EXPORT_FORMAT_INFO[format];
  const folder = workspaceFolder();
  const defaultUri = folder && vscode.Uri.joinPath(folder.uri, 'exports', datasetExportName(job.pipelineName, job.id, status, format, info.extension));
  // The dialog proposes `exports/…`: made to exist first, else VS Code asks whether to create it.
  const prepared = defaultUri && (await proposedFolder(services, defaultUri));
  try {
    const saveDialog = options.saveDialog ?? vscode.window.showSaveDialog;
    return await saveDialog({
      title: info.extension ? `Export job #${job.id} as ${info.label}` : `Folder for the Hugging Face dataset of job #${job.id} (created; an earlier export there is replaced)`,
      defaultUri,
      ...(info.extension ? { filters: { [info.label]: [info.extension] } } : {}),
      saveLabel: 'Export',
    });
  } finally {
    await prepared?.release();
  }
}
