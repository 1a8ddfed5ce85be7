import * as vscode from 'vscode';
import { RECORD_STATUSES, type RecordStatus } from '../core/store/storeTypes';

/** `all`: every record except failed executions (they have no output), as exportJsonl does without a status. */
export type ExportStatus = RecordStatus | 'all';
const EXPORT_STATUSES: readonly ExportStatus[] = ['all', ...RECORD_STATUSES];

/**
 * What programmatic callers (tests, other commands) pass to skip dialogs. Menus never pass it: their second
 * argument is the selection array, which is ignored, so the UI path always shows the dialogs.
 */
export interface JobCommandOptions {
  /** Export target: skips the save dialog. */
  uri?: vscode.Uri;
  /** Stands in for the save dialog (which a test cannot answer), with the options the dialog would get. */
  saveDialog?: (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>;
  /** Export scope: skips the status pick. */
  status?: ExportStatus;
  /** Delete without the modal confirmation. */
  confirm?: boolean;
}

class JobArgumentError extends Error {}

/** A job id from a tree item, a number or a numeric string; undefined when there is none (ask the user). */
export function jobIdOf(arg: unknown): number | undefined {
  if (typeof arg === 'number' && Number.isInteger(arg) && arg > 0) return arg;
  if (typeof arg === 'string' && /^#?\d+$/.test(arg.trim())) return Number(arg.trim().replace('#', ''));
  if (typeof arg === 'object' && arg !== null && !Array.isArray(arg)) {
    const job = (arg as { job?: unknown }).job;
    if (typeof job === 'object' && job !== null) return jobIdOf((job as { id?: unknown }).id);
    return jobIdOf((arg as { jobId?: unknown }).jobId);
  }
  return undefined;
}

export function jobCommandOptions(arg: unknown): JobCommandOptions {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const raw = arg as Record<string, unknown>;
  const options: JobCommandOptions = {};
  if (raw.uri !== undefined) {
    if (raw.uri instanceof vscode.Uri) options.uri = raw.uri;
    else if (typeof raw.uri === 'string' && raw.uri) options.uri = vscode.Uri.file(raw.uri);
    else throw new JobArgumentError('The `uri` option must be a Uri or a file path.');
  }
  if (raw.saveDialog !== undefined) {
    if (typeof raw.saveDialog !== 'function') throw new JobArgumentError('The `saveDialog` option must be a function.');
    options.saveDialog = raw.saveDialog as JobCommandOptions['saveDialog'];
  }
  if (raw.status !== undefined) {
    const status = EXPORT_STATUSES.find((s) => s === raw.status);
    if (!status) throw new JobArgumentError(`Unknown export status ${JSON.stringify(raw.status)}: use one of ${EXPORT_STATUSES.join(', ')}.`);
    options.status = status;
  }
  // Only a literal `true` skips the confirmation: anything else still asks.
  if (raw.confirm === true) options.confirm = true;
  return options;
}
