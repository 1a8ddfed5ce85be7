import * as vscode from 'vscode';
import { trySeedCommand } from '../commands/trySeedCommand';
import type { Services } from '../host/services';
import { SEED_FILES, SeedCodeLensProvider } from '../language/seedCodeLensProvider';
import type { TryEvents } from '../shared/tryProtocol';
import { TryPanels } from './tryPanels';
import { TryService } from './tryService';

/** What the integration tests see of tries (ExtensionMode.Test only): every event the Try panel was sent. */
export interface TryApi {
  service: TryService;
  panels: TryPanels;
  pushed: { event: keyof TryEvents; payload: TryEvents[keyof TryEvents] }[];
}

/** DataGenFlow: Try Seed, its panel, and the `▶ Try · Preview` lenses of seed files. */
export function registerTry(services: Services, testHooks: boolean): { service: TryService; api?: TryApi; disposables: vscode.Disposable[] } {
  const service = new TryService(services);
  const pushed: TryApi['pushed'] = [];
  const panels = new TryPanels(services, service, testHooks ? (event, payload) => pushed.push({ event, payload }) : undefined);
  const lenses = new SeedCodeLensProvider(services);
  return {
    service,
    ...(testHooks ? { api: { service, panels, pushed } } : {}),
    disposables: [
      service,
      panels,
      lenses,
      vscode.languages.registerCodeLensProvider(SEED_FILES, lenses),
      vscode.commands.registerCommand('datagenflow.trySeed', (pipeline?: unknown, seedIndex?: unknown, chunk?: unknown, seeds?: unknown) =>
        trySeedCommand(services, service, panels, pipeline, seedIndex, chunk, seeds),
      ),
      vscode.commands.registerCommand('datagenflow.cancelTry', (pipeline?: unknown) => {
        const uri = pipeline instanceof vscode.Uri ? pipeline : panels.current?.shownPipeline;
        if (!uri || !service.cancel(uri)) void vscode.window.showInformationMessage('No DataGenFlow try is running.');
      }),
    ],
  };
}
