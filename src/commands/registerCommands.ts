import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { generateCommand } from './generateCommand';
import { verifySeedsCommand } from './verifySeedsCommand';

/** Every command of the extension, bound to the shared services. */
export function registerCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('datagenflow.generate', (pipeline?: unknown, seeds?: unknown) => generateCommand(services, pipeline, seeds)),
    vscode.commands.registerCommand('datagenflow.verifySeeds', (uri?: unknown) => verifySeedsCommand(services, uri)),
    vscode.commands.registerCommand('datagenflow.cancelJob', () => {
      if (!services.jobs.cancel()) void vscode.window.showInformationMessage('No DataGenFlow job is running.');
    }),
  ];
}
