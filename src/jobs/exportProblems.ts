import * as vscode from 'vscode';
import type { DatasetExportResult } from '../core/export/exportDataset';
import { unmappedFixHint, unmappedLines } from '../core/export/exportOutcomeText';
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
    for (const line of unmappedLines(result)) channel.appendLine(`  ${line}`);
    channel.appendLine(`  ${unmappedFixHint(result.format, mappingSource)}`);
    const show = 'Show Records';
    void vscode.window.showWarningMessage(`${result.unmappedCount} record(s) could not be exported as ${result.format} and were left out (${result.count} written).`, show).then((choice) => {
      if (choice === show) channel.show(true);
    });
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
