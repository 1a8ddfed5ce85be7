import * as vscode from 'vscode';
import type { ReviewService } from '../core/review/reviewService';
import type { Services } from '../host/services';
import type { ExportResult } from '../core/store/exportJsonl';
import type { ReviewHostActions } from './reviewHandlers';
import { type ReviewDiffProvider, reviewDiffUris } from './reviewDiffProvider';
import { reviewExportActions } from './reviewExportActions';
import { setKeysOff } from './reviewKeysContext';

/**
 * Where the panel's Export and Delete All ask the user. Tests replace them (a target file, a yes) to run the real
 * commands without a dialog; by default the commands show their own save dialog and modal confirmation.
 */
export interface ReviewDialogs {
  /** Export target; undefined: the export command's save dialog. `format`: the export dialog's (absent: JSONL). */
  exportUri?: (jobId: number, format?: string) => vscode.Uri | undefined;
  /** True: delete without the modal confirmation. */
  skipDeleteConfirmation?: () => boolean;
}

/** What every Review panel of the window shares. */
export interface ReviewEnvironment {
  services: Services;
  dialogs: ReviewDialogs;
  diff: ReviewDiffProvider;
}

/**
 * The panel's workbench side: Export JSONL and Delete Job are the Jobs view's commands, reused as they are. The key
 * commands' answers belong to one panel (its relay), so the panel adds `commandOutcome`.
 */
export function reviewHostActions(env: ReviewEnvironment, service: ReviewService): Omit<ReviewHostActions, 'commandOutcome'> {
  const { services, dialogs } = env;
  return {
    exports: reviewExportActions(services, dialogs),
    async exportJsonl(jobId, status) {
      const uri = dialogs.exportUri?.(jobId);
      const result = await vscode.commands.executeCommand<ExportResult | undefined>('datagenflow.exportJsonl', jobId, { status, ...(uri ? { uri } : {}) });
      return result ? { count: result.count, path: vscode.workspace.asRelativePath(result.path) } : null;
    },
    async deleteAll(jobId) {
      const records = (await service.counts(jobId)).total;
      await vscode.commands.executeCommand('datagenflow.deleteJob', jobId, dialogs.skipDeleteConfirmation?.() ? { confirm: true } : {});
      const deleted = (await service.jobSummary(jobId)) === null;
      return { deleted, records: deleted ? records : 0 };
    },
    async openDiff(recordId) {
      const texts = await service.diffTexts(recordId);
      env.diff.refresh(texts.jobId, recordId);
      const { original, edited } = reviewDiffUris(texts.jobId, recordId);
      await vscode.commands.executeCommand('vscode.diff', original, edited, `Record #${recordId}: original ↔ edited`, { preview: true });
    },
    async goToSource(jobId, blockId) {
      const job = await service.jobSummary(jobId);
      if (!job) throw new Error(`Job #${jobId} no longer exists.`);
      await vscode.commands.executeCommand('datagenflow.goToBlockSource', job.pipelinePath, blockId);
    },
    async keysOff(off) {
      await setKeysOff(off);
      services.log.debug(`Review panel: review keys ${off ? 'off (typing or a form is open)' : 'on'}`);
    },
  };
}
