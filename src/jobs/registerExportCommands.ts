import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { datasetCommandOptions, exportDatasetCommand } from './exportDatasetCommand';
import { ExportProblems } from './exportProblems';

/** DataGenFlow: Export Dataset… and the output channel that lists the records an export left out. */
export function registerExportCommands(services: Services): vscode.Disposable[] {
  const problems = new ExportProblems();
  return [
    problems,
    vscode.commands.registerCommand('datagenflow.exportDataset', async (arg?: unknown, second?: unknown) => {
      try {
        return await exportDatasetCommand(services, problems, arg, datasetCommandOptions(second));
      } catch (e) {
        services.log.error('datagenflow.exportDataset failed', e);
        void vscode.window.showErrorMessage(`DataGenFlow could not export the job: ${e instanceof Error ? e.message : String(e)}`);
        return undefined;
      }
    }),
  ];
}
