import * as vscode from 'vscode';

/** Wiring only: activation registers commands and returns at once; engine pieces load on first use. */
export function activate(context: vscode.ExtensionContext): DataGenFlowApi {
  const log = vscode.window.createOutputChannel('DataGenFlow', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('datagenflow.showLog', () => log.show()),
  );
  log.info('DataGenFlow activated');
  return { log };
}

export function deactivate(): void {}

/** What the extension exports to other extensions and to integration tests. */
export interface DataGenFlowApi {
  log: vscode.LogOutputChannel;
}
