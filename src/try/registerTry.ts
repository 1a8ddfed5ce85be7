import * as vscode from 'vscode';
import { trySeedCommand } from '../commands/trySeedCommand';
import type { Services } from '../host/services';
import { SEED_FILES, SeedCodeLensProvider } from '../language/seedCodeLensProvider';
import type { TryEvents, TryPipelineView } from '../shared/tryProtocol';
import { TRY_VIEW_TYPE, TryPanels } from './tryPanels';
import { TryService } from './tryService';

/** What the integration tests see of tries (ExtensionMode.Test only): every event the Try panel was sent. */
export interface TryApi {
  service: TryService;
  panels: TryPanels;
  pushed: { event: keyof TryEvents; payload: TryEvents[keyof TryEvents] }[];
  /** Each `state` the Try webview asked for and was answered (after ready, and after a reload). */
  states: TryPipelineView[];
  /** What the workbench calls on reload (the tests call it with a panel of the view type). */
  serializer: vscode.WebviewPanelSerializer;
}

/** DataGenFlow: Try Seed, its panel, and the `▶ Try · Preview` lenses of seed files. */
export function registerTry(services: Services, testHooks: boolean): { service: TryService; api?: TryApi; disposables: vscode.Disposable[] } {
  const service = new TryService(services);
  const pushed: TryApi['pushed'] = [];
  const states: TryApi['states'] = [];
  const panels = new TryPanels(services, service, testHooks ? (event, payload) => pushed.push({ event, payload }) : undefined, testHooks ? (view) => states.push(view) : undefined);
  const lenses = new SeedCodeLensProvider(services);
  // After a reload the panel comes back showing the pipeline it showed, and that pipeline's kept tries.
  const serializer: vscode.WebviewPanelSerializer = {
    deserializeWebviewPanel: async (panel, state) => {
      panels.revive(panel, state);
    },
  };
  return {
    service,
    ...(testHooks ? { api: { service, panels, pushed, states, serializer } } : {}),
    disposables: [
      service,
      panels,
      lenses,
      vscode.languages.registerCodeLensProvider(SEED_FILES, lenses),
      vscode.window.registerWebviewPanelSerializer(TRY_VIEW_TYPE, serializer),
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
