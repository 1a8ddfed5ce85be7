import * as vscode from 'vscode';
import type { Services } from '../host/services';
import { setApiKeyCommand } from './apiKeyCommand';
import { chooseSeedFileCommand } from './chooseSeedFileCommand';
import { clearCacheCommand } from './clearCacheCommand';
import { newCustomBlockCommand } from './customBlockCommand';
import { generateCommand } from './generateCommand';
import { goToBlockSourceCommand } from './goToBlockSourceCommand';
import { registerJobCommands } from './jobCommands';
import { configureModelsCommand } from './modelCommands';
import { rerunJobCommand } from './rerunJobCommand';
import { newPipelineFromTemplateCommand } from './templateCommands';
import { testConnectionCommand } from './testConnectionCommand';
import { verifySeedsCommand } from './verifySeedsCommand';
import { registerExportCommands } from '../jobs/registerExportCommands';

/** Every command of the extension, bound to the shared services. */
export function registerCommands(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('datagenflow.generate', (pipeline?: unknown, seeds?: unknown) => generateCommand(services, pipeline, seeds)),
    vscode.commands.registerCommand('datagenflow.generateBatch', (pipeline?: unknown, seeds?: unknown) => generateCommand(services, pipeline, seeds, { batch: true })),
    vscode.commands.registerCommand('datagenflow.verifySeeds', (uri?: unknown) => verifySeedsCommand(services, uri)),
    vscode.commands.registerCommand('datagenflow.chooseSeedFile', (pipeline?: unknown, seeds?: unknown) => chooseSeedFileCommand(services, pipeline, seeds)),
    vscode.commands.registerCommand('datagenflow.cancelJob', () => {
      if (!services.jobs.cancel()) void vscode.window.showInformationMessage('No DataGenFlow job is running.');
    }),
    ...registerJobCommands(services),
    ...registerExportCommands(services),
    vscode.commands.registerCommand('datagenflow.rerunJobWithChanges', (job?: unknown) => rerunJobCommand(services, job)),
    vscode.commands.registerCommand('datagenflow.clearResponseCache', (options?: unknown) => clearCacheCommand(services, options)),
    vscode.commands.registerCommand('datagenflow.configureModels', (request?: unknown) => configureModelsCommand(services, request)),
    vscode.commands.registerCommand('datagenflow.setApiKey', (name?: unknown, key?: unknown) => setApiKeyCommand(services, name, key)),
    vscode.commands.registerCommand('datagenflow.testConnection', (name?: unknown) => testConnectionCommand(services, name)),
    vscode.commands.registerCommand('datagenflow.newPipelineFromTemplate', (id?: unknown, folder?: unknown, onExisting?: unknown) =>
      newPipelineFromTemplateCommand(services, id, folder, onExisting),
    ),
    vscode.commands.registerCommand('datagenflow.goToBlockSource', (pipeline?: unknown, blockId?: unknown) => goToBlockSourceCommand(services, pipeline, blockId)),
    vscode.commands.registerCommand('datagenflow.newCustomBlock', (name?: unknown, category?: unknown) => newCustomBlockCommand(services, name, category)),
  ];
}
