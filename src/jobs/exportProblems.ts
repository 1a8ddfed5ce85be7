import * as vscode from 'vscode';
import type { DatasetExportResult } from '../core/export/exportDataset';
import type { JobRow } from '../core/store/storeTypes';

/**
 * The records an export left out, listed in the "DataGenFlow Export" output channel (one line each, with the reason)
 * and announced in a warning that opens it. Created on first use and disposed with the extension.
 */
export class ExportProblems implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;

  report(job: JobRow, result: DatasetExportResult, mappingSource: string): void {
    const channel = (this.channel ??= vscode.window.createOutputChannel('DataGenFlow Export'));
    channel.appendLine(`Job #${job.id} (${job.pipelineName}) → ${result.format} ${result.path}: ${result.count} written, ${result.unmappedCount} left out`);
    for (const u of result.unmapped) channel.appendLine(`  record #${u.recordId} (seed ${u.seedIndex + 1}, ${u.unitKey}): ${u.reason}`);
    if (result.unmappedCount > result.unmapped.length) channel.appendLine(`  … and ${result.unmappedCount - result.unmapped.length} more`);
    channel.appendLine(`  Fix the records in the Review panel, or the mapping under "exports.${result.format}" in ${mappingSource}.`);
    const show = 'Show Records';
    void vscode.window.showWarningMessage(`${result.unmappedCount} record(s) could not be exported as ${result.format} and were left out (${result.count} written).`, show).then((choice) => {
      if (choice === show) channel.show(true);
    });
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
